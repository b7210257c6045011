package io.torematrix.eventbus.processor.validation;

import static javax.tools.Diagnostic.Kind.ERROR;
import static javax.tools.Diagnostic.Kind.NOTE;
import static javax.tools.Diagnostic.Kind.WARNING;

import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic.Kind;

/**
 * Every message the processor prints, in one place. Each has a stable id, printed as {@code
 * [EventBus.Id]} (several entries may share an id when they are variants of one mistake), a
 * one-line headline saying what is wrong, and indented detail lines: why it matters, then how to
 * fix it. Texts are {@link String#format} patterns over the arguments the reporter passes, in the
 * order each entry's comment lists them.
 *
 * <p>A warning can always be silenced with {@code @SuppressWarnings("EventBus.Id")} on its element
 * or an enclosing one; {@link Report} checks that, and says so under every warning it prints.
 */
public enum Diagnostic {
  // ---- the listener type. Arguments: handler, then as named.

  /** handler, interface. */
  INTERFACE_HANDLER(ERROR, "InterfaceHandler",
      "@Subscribe method %s is declared in interface %s",
      "Dispatchers are generated for the classes of listener instances, so a handler declared in"
          + " an interface would never be bound.",
      "Declare it in a class."),
  /** handler, where ("private class Audit", or "Audit, nested in private class Outer"). */
  INACCESSIBLE_LISTENER(ERROR, "InaccessibleListener",
      "@Subscribe method %s is in %s",
      "The generated dispatcher lives beside the listener in its package and cannot name such a"
          + " class.",
      "Make the listener a package-private or public top-level or static nested class."),
  /** handler, where ("an anonymous class", "local class Local"), first parameter's type. */
  LOCAL_LISTENER(ERROR, "InaccessibleListener",
      "@Subscribe method %s is in %s",
      "The processor generates dispatchers for named classes only (it never sees the members of"
          + " local and anonymous classes), so this handler would never be called.",
      "Move it to a package-private or public top-level or static nested class, or subscribe a"
          + " lambda: bus.subscribe(%3$s.class, event -> ...)."),

  // ---- the handler's signature. Arguments: handler, then as named.

  /** handler. */
  PRIVATE_HANDLER(ERROR, "PrivateHandler",
      "@Subscribe method %s is private",
      "The generated dispatcher calls handlers directly from another class of the package, and"
          + " cannot reach a private method.",
      "Remove 'private' (package-private is enough)."),
  /** handler. */
  STATIC_HANDLER(ERROR, "StaticHandler",
      "@Subscribe method %s is static",
      "A subscription belongs to the listener instance you register, and a static method has"
          + " none.",
      "Make it an instance method."),
  /** handler. */
  ABSTRACT_HANDLER(ERROR, "AbstractHandler",
      "@Subscribe method %s is abstract",
      "The dispatcher needs a body to call, and an abstract method has none.",
      "Annotate the implementing method in the concrete subclass instead."),
  /** handler, overridden handler ("Base.onLogin(UserLoggedIn)"). */
  OVERRIDING_HANDLER(ERROR, "OverridingHandler",
      "@Subscribe method %s overrides %s, which is already a @Subscribe handler",
      "The inherited subscription calls this override, so subscribing it again would deliver"
          + " every event twice.",
      "Remove @Subscribe here; the override still receives the events."),
  /** handler, what it has ("no parameter", "parameters (A, B)"), two fitting declarations. */
  HANDLER_PARAMETERS(ERROR, "HandlerParameters",
      "@Subscribe method %s has %s",
      "A handler takes the event, optionally followed by its EventContext.",
      "Declare it as %3$s or %4$s."),
  /** handler, the declaration with the parameters swapped. */
  SWAPPED_PARAMETERS(ERROR, "HandlerParameters",
      "@Subscribe method %s takes its EventContext before the event",
      "A handler takes the event first, optionally followed by its EventContext.",
      "Swap the parameters: %2$s."),
  /** handler, the declaration taking the list alone. */
  BATCH_PARAMETERS(ERROR, "HandlerParameters",
      "@Subscribe method %s takes a List and more",
      "A batch handler receives its events without their contexts, as a List alone.",
      "Declare it as %2$s."),
  /** handler, primitive type, a record declaration that would carry it. */
  PRIMITIVE_PARAMETER(ERROR, "PrimitiveParameter",
      "@Subscribe method %s takes primitive %s",
      "Events are @Event records, classes or interfaces, never primitives.",
      "Wrap the value in an @Event record of yours, such as %3$s, and take that."),
  /** handler, type variable. */
  TYPE_VARIABLE_EVENT(ERROR, "NotAnEvent",
      "@Subscribe method %s takes type variable %s",
      "The event type of a handler must be known at build time to generate its dispatch.",
      "Take a concrete @Event type; an @Event interface receives a whole family of events."),
  /** handler, type; the type is declared in this compilation and could be an event. */
  NOT_AN_EVENT(ERROR, "NotAnEvent",
      "@Subscribe method %s takes %s, which is not an @Event type",
      "The bus delivers only @Event types, so this handler would never be called.",
      "Annotate %2$s with @Event, or take an @Event type."),
  /** handler, type, a record declaration that would carry it; the type is not the user's. */
  NOT_AN_EVENT_VALUE(ERROR, "NotAnEvent",
      "@Subscribe method %s takes %s, which is not an @Event type",
      "The bus delivers only @Event types, so this handler would never be called.",
      "Wrap the value in an @Event record of yours, such as %3$s, and take that."),
  /** handler, return type. */
  HANDLER_RETURN_TYPE(ERROR, "HandlerReturnType",
      "@Subscribe method %s returns %s",
      "The bus awaits a CompletionStage and would have to ignore any other value.",
      "Return void, or a CompletionStage<?> that completes when handling is done."),
  /** handler, return type. */
  BATCH_RETURN_TYPE(ERROR, "HandlerReturnType",
      "@Subscribe method %s returns %s",
      "A batch handler runs on the DEFERRED thread and has finished when it returns, so nothing"
          + " would read a result.",
      "Return void."),

  // ---- the attributes of @Subscribe. Arguments: handler, then as named.

  /** handler, filter name, candidates, event type. */
  FILTER_NOT_FOUND(ERROR, "FilterNotFound",
      "@Subscribe(filter = \"%2$s\") on %1$s names no usable method",
      "%3$s.",
      "A filter is a method of the listener, boolean %2$s(%4$s event), that generated code in its"
          + " package can call.",
      "Declare that method, or fix the name."),
  /** handler, callback name, candidates, event type. */
  ERROR_HANDLER_NOT_FOUND(ERROR, "ErrorHandlerNotFound",
      "@Subscribe(onError = \"%2$s\") on %1$s names no usable method",
      "%3$s.",
      "An error callback is a method of the listener, void %2$s(%4$s event, Throwable error), that"
          + " generated code in its package can call.",
      "Declare that method, or fix the name."),
  /** handler, pattern, problem. */
  INVALID_SUBSCRIBE_TOPIC(ERROR, "InvalidTopic",
      "@Subscribe topic pattern \"%2$s\" on %1$s is invalid: %3$s",
      "Topics are tokens separated by dots; in a pattern '*' matches one token and '>', last,"
          + " matches the rest, as in NATS subjects.",
      "Write a pattern such as \"orders.*.created\" or \"orders.>\"."),
  /** handler, order, minimum, maximum. */
  ORDER_OUT_OF_RANGE(ERROR, "OrderOutOfRange",
      "@Subscribe(order = %2$s) on %1$s is out of range",
      "Orders lie between %3$s and %4$s (Subscribe.MIN_ORDER and MAX_ORDER), which leaves room"
          + " between handlers and keeps comparisons exact.",
      "Choose an order in that range."),
  /** handler, attribute, value. */
  BATCH_WITHOUT_LIST(ERROR, "BatchWithoutList",
      "@Subscribe(%2$s = %3$s) on %1$s has no effect",
      "It sizes the batches of a handler that takes List<E>, and this one takes a single event.",
      "Take a List of events (at priority DEFERRED), or remove %2$s."),
  /** handler, priority. */
  BATCH_NEEDS_DEFERRED(ERROR, "BatchNeedsDeferred",
      "@Subscribe method %s takes a List, so it receives batches, but runs at priority %s",
      "Batches are gathered and delivered in the background, never while publish waits.",
      "Add priority = Priority.DEFERRED, or take a single event."),
  /** handler, size, maximum. */
  INVALID_BATCH_SIZE(ERROR, "InvalidBatch",
      "@Subscribe(batchSize = %2$s) on %1$s is out of range",
      "A batch holds between 1 and %3$s events, so that it always fits in memory.",
      "Choose a size in that range."),
  /** handler, window, maximum. */
  INVALID_BATCH_WINDOW(ERROR, "InvalidBatch",
      "@Subscribe(batchWindowMillis = %2$s) on %1$s is out of range",
      "A batch waits between 1 ms and %3$s ms (an hour) for more events, so that its first event"
          + " is not held forever.",
      "Choose a window in that range."),
  /** handler, timeout. */
  INVALID_TIMEOUT(ERROR, "InvalidTimeout",
      "@Subscribe(timeoutMillis = %2$s) on %1$s is negative",
      "A timeout is how long the handler's stage may take.",
      "Use a positive number of milliseconds, or 0 for none."),
  /** handler, timeout. */
  TIMEOUT_NEEDS_ASYNC(ERROR, "TimeoutNeedsAsync",
      "@Subscribe(timeoutMillis = %2$s) on %1$s cannot apply",
      "The handler returns void, so it has finished when it returns and there is no stage to time"
          + " out.",
      "Return a CompletionStage<?>, or remove timeoutMillis."),
  /** handler, priority. */
  REDUNDANT_ORDERED(WARNING, "RedundantOrdered",
      "@Subscribe(ordered = true) on %1$s has no effect at priority %2$s",
      "IMMEDIATE handlers run on the publisher's thread and DEFERRED ones on one background"
          + " thread, so both already see events in publish order.",
      "Remove ordered."),
  /** handler, its overload, event type. */
  DUPLICATE_HANDLER(WARNING, "DuplicateHandler",
      "@Subscribe method %s receives the same events as its overload %s",
      "Both are called for every %3$s, with the same topics, priority, order, filter and"
          + " delivery; two overloads of one handler are most often a leftover of adding or"
          + " removing the EventContext parameter.",
      "Remove one of them, or, if both are meant, give each a name that says what it does."),

  // ---- durable subscriptions. Arguments: handler, then as named.

  /** handler, name, problem. */
  INVALID_DURABLE_NAME(ERROR, "InvalidDurableName",
      "@Subscribe(durable = \"%2$s\") on %1$s is not a valid durable subscription name: %3$s",
      "The name is the subscription's identity in the store, where its checkpoint, lease and parked"
          + " events are kept, and it must read the same in SQL and as a NATS consumer name: 1 to 64"
          + " characters from A-Z, a-z, 0-9, '_' and '-'.",
      "Write a name such as \"order-projection\", and keep it across releases."),
  /** handler, name, other handler ("OrderViews.project(OrderPlaced)"). */
  DUPLICATE_DURABLE_NAME(ERROR, "DuplicateDurableName",
      "@Subscribe(durable = \"%2$s\") on %1$s is already the name of %3$s",
      "A name is one subscription in the store, with one checkpoint and one lease: two handlers"
          + " under it would share one position in the store, each missing the events the other"
          + " handled.",
      "Give each durable handler a name of its own."),
  /** handler, name. */
  DURABLE_IMMEDIATE(ERROR, "DurablePriority",
      "@Subscribe(durable = \"%2$s\") on %1$s cannot run at priority IMMEDIATE",
      "IMMEDIATE handlers run on the publisher's thread before publish returns, while a durable"
          + " subscription is delivered from the store by a worker of its own, after publish"
          + " returned, and after a restart too.",
      "Remove priority = Priority.IMMEDIATE; or, for a handler that must run before publish"
          + " returns, remove durable."),
  /** handler, name. */
  DURABLE_DEFERRED(ERROR, "DurablePriority",
      "@Subscribe(durable = \"%2$s\") on %1$s cannot run at priority DEFERRED",
      "A durable subscription is delivered by a worker of its own, outside the priority levels, so"
          + " DEFERRED would not make it run later or at a lower precedence.",
      "Remove priority = Priority.DEFERRED."),
  /** handler, name, order. */
  DURABLE_ORDER(ERROR, "DurableOrder",
      "@Subscribe(order = %3$s) on %1$s has no effect on durable subscription \"%2$s\"",
      "A durable subscription is delivered by a worker of its own, apart from the handlers publish"
          + " runs, so there is no sequence among them for it to take a place in.",
      "Remove order."),
  /** handler, name. */
  DURABLE_ORDERED(WARNING, "RedundantOrdered",
      "@Subscribe(ordered = true) on %1$s has no effect on durable subscription \"%2$s\"",
      "A durable subscription always receives its events one at a time, in store order.",
      "Remove ordered."),
  /** handler, name, the declaration taking a single event. */
  DURABLE_BATCH(ERROR, "DurableBatch",
      "@Subscribe(durable = \"%2$s\") on %1$s takes a List",
      "A durable subscription checkpoints, retries and parks event by event, and a batch that failed"
          + " could not tell which of its events to park.",
      "Take a single event, as %3$s: the subscription reads the store in pages already."),
  /** handler, attribute. */
  NOT_DURABLE(ERROR, "DurableOnly",
      "@Subscribe(%2$s = ...) on %1$s has no effect",
      "It configures a durable subscription, and this handler has no durable name: it receives"
          + " events as they are published, once, without retries.",
      "Add durable = \"a-name\", or remove %2$s."),
  /** handler, attribute, value, problem. */
  INVALID_RETRY(ERROR, "InvalidRetry",
      "@Retry(%2$s = %3$s) on %1$s is out of range: %4$s",
      "A durable subscription retries a failing event a bounded number of times, with waits of at"
          + " most an hour, then parks it, so that a poison event never holds the subscription up"
          + " for long.",
      "Choose a value in that range."),

  // ---- @Event types. Arguments: type, then as named.

  /** type. */
  ENUM_EVENT(ERROR, "EnumEvent",
      "@Event is on enum %s",
      "An event is a fact with its own data, published and stored one instance at a time, while"
          + " enum constants are shared singletons.",
      "Carry the value in a record, such as record %1$sChanged(%1$s value)."),
  /** type. */
  EVENT_KIND(ERROR, "EventKind",
      "@Event is on annotation type %s",
      "Events are instances published at run time, which an annotation type cannot have.",
      "Declare a record, a final class or an interface instead."),
  /** type. */
  NON_FINAL_EVENT(ERROR, "NonFinalEvent",
      "@Event class %s is not final",
      "The bus recognises events by their exact class, so an instance of a subclass would be"
          + " refused.",
      "Make the class final, make it a record, or make it an interface to describe a family of"
          + " events."),
  /** type. */
  INNER_CLASS_EVENT(ERROR, "InnerClassEvent",
      "@Event class %s is an inner class",
      "Each instance would hold a hidden reference to its enclosing object, shared with every"
          + " handler and stored with the event.",
      "Make it static."),
  /** type, field. */
  MUTABLE_EVENT(ERROR, "MutableEvent",
      "@Event class %s has non-final field %s",
      "Events are shared by every handler and stored as published, so they must not change"
          + " afterwards.",
      "Make the field final, or make %1$s a record."),
  /** type, superclass.field. */
  INHERITED_MUTABLE_EVENT(ERROR, "MutableEvent",
      "@Event class %s inherits non-final field %s",
      "Events are shared by every handler and stored as published, so they must not change"
          + " afterwards.",
      "Make the field final, or make %1$s a record."),
  /** type, what it is ("is private", "is nested in Outer, which is local to a method"). */
  INACCESSIBLE_EVENT(ERROR, "InaccessibleEvent",
      "@Event type %s %s",
      "The generated index names every event type from its package, and cannot reach it.",
      "Make it a package-private or public top-level or static nested type."),
  /** type. */
  GENERIC_EVENT(ERROR, "GenericEvent",
      "@Event type %s declares type parameters",
      "Type arguments are erased at run time and stored events carry none, so events of different"
          + " arguments could not be told apart.",
      "Remove the type parameters, or declare one event type per argument."),
  /** type, name, problem. */
  INVALID_EVENT_NAME(ERROR, "InvalidEventName",
      "@Event(name = \"%2$s\") is not a valid event name: %3$s",
      "Names are dot-separated tokens of ASCII letters, digits, '-' and '_', each starting with a"
          + " letter or digit, so that they can also serve as topics.",
      "Write a name such as \"user.logged-in\"."),
  /** type, default name, problem. */
  INVALID_DEFAULT_EVENT_NAME(ERROR, "InvalidEventName",
      "@Event type %s has no name, and its default name \"%s\" is invalid: %s",
      "Without a name, an event is named by its canonical class name; names are dot-separated"
          + " tokens of ASCII letters, digits, '-' and '_', each starting with a letter or digit,"
          + " so that they can also serve as topics.",
      "Give it a name such as @Event(name = \"user.logged-in\")."),
  /** type, version. */
  INVALID_EVENT_VERSION(ERROR, "InvalidEventVersion",
      "@Event(version = %2$s) is not a valid version",
      "Versions start at 1 and grow with each incompatible change, so that stored events of older"
          + " versions can be upcast.",
      "Use version = 1 for a new type."),
  /** type, topic, problem. */
  INVALID_EVENT_TOPIC(ERROR, "InvalidTopic",
      "@Event(topic = \"%2$s\") is not a valid topic: %3$s",
      "A default topic names where events are published, so it is concrete: tokens separated by"
          + " dots, without wildcards.",
      "Write a topic such as \"users.login\"."),
  /** type, name, other type. */
  DUPLICATE_EVENT_NAME(ERROR, "DuplicateEventName",
      "@Event name \"%2$s\" of %1$s is already the name of %3$s",
      "Stored and exchanged events are identified by name, so the two types could not be told"
          + " apart.",
      "Give one of them another name."),
  /** type, problem. */
  NOT_SERIALIZABLE(NOTE, "NotSerializable",
      "@Event type %s cannot be stored: %s",
      "The JSON codec writes records and final classes whose properties are strings, primitives"
          + " and their boxes, enums, UUID, java.time values, BigDecimal, BigInteger, byte[], other"
          + " such records, and List, Set, Map<String, V> and Optional of those; publishing it"
          + " without a store still works.",
      "Change the property's type, or give the bus another EventCodec."),

  // ---- @Middleware classes. Arguments: class, then as named.

  /** class, kind ("interface", "enum"). */
  MIDDLEWARE_KIND(ERROR, "NotAMiddleware",
      "@Middleware is on %2$s %1$s",
      "The bus runs instances of middleware classes.",
      "Put @Middleware on a class that implements EventMiddleware."),
  /** class. */
  NOT_A_MIDDLEWARE(ERROR, "NotAMiddleware",
      "@Middleware class %s does not implement io.torematrix.eventbus.EventMiddleware",
      "The bus calls intercept(chain) on each middleware, which only an EventMiddleware has.",
      "Implement EventMiddleware (with eventbus-runtime on the class path)."),
  /** class. */
  ABSTRACT_MIDDLEWARE(ERROR, "AbstractMiddleware",
      "@Middleware class %s is abstract",
      "The generated index makes an instance of it, which an abstract class cannot have.",
      "Annotate a concrete subclass instead."),
  /** class, what it is ("is private", "is nested in Outer, which is local"). */
  INACCESSIBLE_MIDDLEWARE(ERROR, "InaccessibleMiddleware",
      "@Middleware class %s %s",
      "The generated index makes the instance from the package, and cannot reach such a class.",
      "Make it a package-private or public top-level or static nested class."),
  /** class. */
  MIDDLEWARE_CONSTRUCTOR(ERROR, "MiddlewareConstructor",
      "@Middleware class %s has no non-private no-argument constructor and no static create()"
          + " method",
      "The generated index makes the instance the bus runs, and can only call one of those.",
      "Add a no-argument constructor or a static %1$s create() method; to use an instance made"
          + " elsewhere (by a DI container, say), still declare one, and give the bus yours with"
          + " EventBus.builder().useMiddlewareInstance(...)."),
  /** class, type. */
  MIDDLEWARE_NOT_AN_EVENT(ERROR, "MiddlewareNotAnEvent",
      "@Middleware(events = %2$s.class) on %1$s names a type that is not an @Event type",
      "The scope is matched against the types of published events, and only @Event types are"
          + " ever published.",
      "Name an @Event type (an @Event interface covers a whole family)."),
  /** class, pattern, problem. */
  INVALID_MIDDLEWARE_TOPIC(ERROR, "InvalidTopic",
      "@Middleware topic pattern \"%2$s\" on %1$s is invalid: %3$s",
      "Topics are tokens separated by dots; in a pattern '*' matches one token and '>', last,"
          + " matches the rest, as in NATS subjects.",
      "Write a pattern such as \"orders.*.created\" or \"orders.>\"."),
  /** class, order, other class. */
  DUPLICATE_MIDDLEWARE_ORDER(ERROR, "DuplicateMiddlewareOrder",
      "@Middleware(order = %2$s) on %1$s is already the order of %3$s",
      "The chain runs middleware by order, and two with one order would run in no defined"
          + " sequence.",
      "Give each middleware its own order."),

  // ---- the processor.

  /** what ("listener", "@Event type", "@Middleware class"), qualified name. */
  UNRESOLVED_TYPE(ERROR, "UnresolvedType",
      "%s %s refers to a type that never resolved, so no code was generated for it",
      "A type it uses is missing, or was to be generated by a processor that did not run.",
      "Fix the missing type; the compiler reports it too.");

  /**
   * The indentation of detail lines under the headline. javac indents a message's later lines by
   * two more, so they print four deep under the source line, as Dagger's specifics do.
   */
  static final String INDENT = "  ";

  private final Kind kind;
  private final String id;
  private final String headline;
  private final List<String> details;

  Diagnostic(Kind kind, String id, String headline, String... details) {
    this.kind = kind;
    this.id = id;
    this.headline = headline;
    this.details = List.of(details);
  }

  /**
   * {@return {@link Kind#ERROR}, {@link Kind#WARNING} (a mistake is near certain: {@code -Werror}
   * fails on it) or {@link Kind#NOTE} (worth knowing, often meant: never fails a build)}
   */
  public Kind kind() {
    return kind;
  }

  /** {@return the stable id, such as {@code PrivateHandler}; printed as {@code [EventBus.PrivateHandler]}} */
  public String id() {
    return id;
  }

  /** {@return the id as printed and as {@code @SuppressWarnings} names it: {@code EventBus.PrivateHandler}} */
  public String qualifiedId() {
    return "EventBus." + id;
  }

  /**
   * Writes the message.
   *
   * @param arguments the values of the headline's and details' placeholders, in order
   * @return the full message: {@code [EventBus.Id] headline}, then each detail on its own indented
   *     line; a warning ends with how to silence it
   */
  public String format(Object... arguments) {
    StringBuilder text =
        new StringBuilder("[").append(qualifiedId()).append("] ").append(fill(headline, arguments));
    for (String detail : details) {
      text.append('\n').append(INDENT).append(fill(detail, arguments));
    }
    if (kind == WARNING || kind == NOTE) {
      text.append('\n')
          .append(INDENT)
          .append("If it is meant, add @SuppressWarnings(\"")
          .append(qualifiedId())
          .append("\") to the element or a class around it.");
    }
    return text.toString();
  }

  private static String fill(String pattern, Object[] arguments) {
    return String.format(Locale.ROOT, pattern, arguments);
  }
}
