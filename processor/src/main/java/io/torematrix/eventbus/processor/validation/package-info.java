/**
 * Build-time checks. Validators inspect models and return a {@link
 * io.torematrix.eventbus.processor.validation.Report}; they never generate code. Every message
 * starts with a stable id such as {@code [EventBus.PrivateHandler]} and says what is wrong, why it
 * matters and how to fix it.
 */
package io.torematrix.eventbus.processor.validation;
