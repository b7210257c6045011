package com.acme;

import io.torematrix.eventbus.annotation.Event;
import java.time.Instant;

/** The README's quick-start event. */
@Event(name = "user.logged-in", version = 1)
public record UserLoggedIn(String userId, Instant timestamp) {}
