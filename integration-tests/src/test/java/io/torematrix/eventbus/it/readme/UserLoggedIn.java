package io.torematrix.eventbus.it.readme;

import io.torematrix.eventbus.annotation.Event;
import java.time.Instant;

/** The README's quick-start event, verbatim. */
@Event(name = "user.logged-in", version = 1)          // name/version: stable identity for storage
public record UserLoggedIn(String userId, Instant timestamp) {}
