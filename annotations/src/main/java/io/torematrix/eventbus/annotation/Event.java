package io.torematrix.eventbus.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event type: a record, a final class whose fields are all final, or an interface that
 * names an event family (a {@code sealed} one is welcome).
 *
 * <p>A handler for an {@code @Event} interface receives every event that implements it. The
 * processor records, for each event type, its {@code @Event} supertypes, its name and its version
 * in a generated index, so the bus never inspects types at run time.
 *
 * <pre>{@code
 * @Event(name = "user.logged-in", version = 1)
 * public record UserLoggedIn(String userId, Instant timestamp) {}
 * }</pre>
 *
 * <p>Mutable classes, enums and generic types are compile errors, as are an invalid name, a
 * {@code version} below 1 and a name used twice in one compilation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Event {

  /**
   * {@return the stable name under which events of this type are stored and exchanged} Renaming
   * the Java class does not change it. Dot-separated tokens of letters, digits, {@code -} and {@code _},
   * each starting with a letter or digit, such as {@code "user.logged-in"}; at most 200
   * characters. Empty (the default) means the type's canonical Java name, which ties stored
   * events to the class name: give an explicit name to anything you persist.
   */
  String name() default "";

  /**
   * {@return the schema version of this type, at least 1} Raise it when the fields change incompatibly;
   * stored events of older versions are converted by an upcaster.
   */
  int version() default 1;

  /**
   * {@return the topic an event of this type is published on when {@code publish(event)} names
   * none} Dot-separated tokens without wildcards, such as {@code "users.login"}. Empty (the default)
   * means the event's {@link #name()}.
   */
  String topic() default "";
}
