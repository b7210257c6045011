package com.acme;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class LoginAudit {
  @Subscribe                                             // NORMAL priority, every topic
  void onLogin(UserLoggedIn e) { System.out.println("login " + e.userId()); }

  @Subscribe(topics = "admin.>", priority = Priority.IMMEDIATE, order = 10,
             filter = "isAdmin", onError = "loginFailed")
  CompletionStage<Void> audit(UserLoggedIn e, EventContext ctx) {
    return CompletableFuture.runAsync(() -> System.out.println("audit " + ctx.eventId()));
  }

  boolean isAdmin(UserLoggedIn e) { return e.userId().startsWith("admin"); }
  void loginFailed(UserLoggedIn e, Throwable error) { System.err.println("audit failed: " + error); }
}
