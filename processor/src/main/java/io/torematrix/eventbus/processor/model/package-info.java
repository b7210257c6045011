/**
 * The processor's view of the source: immutable models of event types, listeners and handlers,
 * read from annotation mirrors, valid for one round.
 */
package io.torematrix.eventbus.processor.model;
