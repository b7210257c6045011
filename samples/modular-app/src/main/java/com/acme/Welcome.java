package com.acme;

import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Two handlers of one event in one class: an ordinary design, which compiles without warnings. */
final class Welcome {
  final List<String> done = new CopyOnWriteArrayList<>();

  @Subscribe
  void updateLastSeen(UserLoggedIn e) {
    done.add("last seen " + e.userId());
  }

  @Subscribe
  void sendWelcomeBackMail(UserLoggedIn e) {
    done.add("mail " + e.userId());
  }
}
