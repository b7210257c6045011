package com.acme;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

final class LoginAudit {
  final List<String> audited = new CopyOnWriteArrayList<>();

  @Subscribe                                             // NORMAL priority, every topic
  void onLogin(UserLoggedIn e) { System.out.println("login " + e.userId()); }

  @Subscribe(topics = "admin.>", priority = Priority.IMMEDIATE, order = 10,
             filter = "isAdmin", onError = "loginFailed")
  CompletionStage<Void> audit(UserLoggedIn e, EventContext ctx) {  // publish awaits the stage
    return CompletableFuture.runAsync(() -> audited.add(e.userId() + " on " + ctx.topic()));
  }

  boolean isAdmin(UserLoggedIn e) { return e.userId().startsWith("admin"); }
  void loginFailed(UserLoggedIn e, Throwable error) { System.err.println("audit failed: " + error); }
}
