package io.torematrix.eventbus.example.accounts;

import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps each account's events in publish order: an ordered handler sees the events of one
 * publisher in the order they were published, even on a thread pool. Replays fill it from the
 * store.
 */
public final class AccountJournal {
  private final Map<String, List<AccountEvent>> byAccount = new ConcurrentHashMap<>();

  @Subscribe(ordered = true)
  void record(AccountEvent event) {
    byAccount.computeIfAbsent(event.accountId(), id -> new CopyOnWriteArrayList<>()).add(event);
  }

  /** The events of {@code accountId}, oldest first. */
  public List<AccountEvent> events(String accountId) {
    return List.copyOf(byAccount.getOrDefault(accountId, List.of()));
  }
}
