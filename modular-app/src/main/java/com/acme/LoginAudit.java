package com.acme;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The README's quick-start listener, recording what it receives. */
final class LoginAudit {
  final List<String> seen = new CopyOnWriteArrayList<>();

  @Subscribe
  void onLogin(UserLoggedIn e) {
    seen.add("login " + e.userId());
  }

  @Subscribe(topics = "admin.>", priority = Priority.IMMEDIATE, order = 10,
             filter = "isAdmin", onError = "loginFailed")
  CompletionStage<Void> audit(UserLoggedIn e, EventContext ctx) {
    return CompletableFuture.runAsync(() -> seen.add("audit " + e.userId() + " on " + ctx.topic()));
  }

  boolean isAdmin(UserLoggedIn e) {
    return e.userId().startsWith("admin");
  }

  void loginFailed(UserLoggedIn e, Throwable error) {
    seen.add("audit failed: " + error);
  }
}
