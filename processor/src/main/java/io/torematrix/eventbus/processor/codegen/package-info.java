/**
 * Code generation. Generators take models that passed validation and return JavaPoet types that
 * read like hand-written code: {@code @Generated}, a header naming the source, members in a stable
 * order, no warnings.
 */
package io.torematrix.eventbus.processor.codegen;
