package com.acme;

import io.torematrix.eventbus.annotation.Event;
import java.time.Instant;

@Event(name = "user.logged-in", version = 1)          // name/version: stable identity for storage
public record UserLoggedIn(String userId, Instant timestamp) {}
