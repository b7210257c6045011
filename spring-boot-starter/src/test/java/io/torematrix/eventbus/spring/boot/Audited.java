package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.annotation.Event;

/** An event only {@link AuditMiddleware} applies to, so that it stays out of the other tests. */
@Event(name = "test.audited")
record Audited(String what) {}
