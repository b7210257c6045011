package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.annotation.Event;

/** The event the starter's tests publish. */
@Event(name = "test.greeting")
record Greeting(String text) {}
