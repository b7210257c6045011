/**
 * The bus's implementation. Not exported by the module: nothing here is API, and names may change
 * in any release.
 */
package io.torematrix.eventbus.internal;
