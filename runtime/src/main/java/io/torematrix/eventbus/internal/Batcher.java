package io.torematrix.eventbus.internal;

import java.util.concurrent.Future;

/**
 * Gathers the events of one batch subscriber: a batch goes out when it holds the batch size, when
 * its first event has waited the batch window, or when the bus {@linkplain #flush flushes} it
 * (on {@code drain} and {@code close}). Each event's publication part arrives once its batch has
 * been handled; a batch that can never go out is {@linkplain #abandon abandoned}: its events are
 * reported as failed.
 */
final class Batcher<E> {
  private final Subscriber<E> subscriber;
  private final HandlerInvoker invoker;
  private final BatchWindows windows;
  private Batch<E> current;
  private Future<?> windowTimer;
  private volatile boolean closing;

  /**
   * @param windows ends batch windows; {@code null} when the bus runs everything on the caller's
   *     thread, where batches leave by size or flush only
   */
  Batcher(Subscriber<E> subscriber, HandlerInvoker invoker, BatchWindows windows) {
    this.subscriber = subscriber;
    this.invoker = invoker;
    this.windows = windows;
    this.current = new Batch<>(subscriber, invoker, subscriber.batchSize);
  }

  /**
   * Adds an event that passed the subscriber's filter; delivers the batch if that filled it. If
   * it throws, the event did not join, and its publication has no part for it; once it joined,
   * nothing escapes but what the batch's own handler let escape.
   */
  void add(E event, Publication publication, ThreadState thread) {
    thread.hold();
    try {
      publication.expect();
    } catch (Throwable noPart) {
      thread.held--;
      throw noPart;
    }
    Batch<E> full = null;
    boolean joined = false;
    try {
      synchronized (this) {
        current.add(event, publication);
        joined = true;
        try {
          if (current.isFull() || closing) {
            full = take();
          } else if (current.size() == 1 && windows != null) {
            windowTimer = windows.expireAfter(subscriber.batchWindow, this);
          }
        } catch (Throwable notNow) {
          // the event is in the batch, which leaves with the next add, flush, drain or close
        }
      }
    } finally {
      if (!joined) {
        try {
          publication.settle();
        } catch (StackOverflowError tooDeep) {
          thread.owed[thread.owing++] = publication;
        }
        thread.held--;
      } else if (full == null) {
        thread.held--;
      }
    }
    if (full != null) {
      try {
        invoker.deliverBatch(subscriber, full, thread);
      } catch (StackOverflowError tooDeep) {
        if (!full.started) {
          full.abandonedBy = tooDeep;
          thread.owed[thread.owing++] = full;
          thread.held--;
        }
      }
    }
  }

  /** From now on delivers each event at once, as the bus is closing; flushes what is pending. */
  void closeWindow() {
    closing = true;
    flush();
  }

  /** Delivers whatever is pending now. */
  void flush() {
    ThreadState thread = ThreadState.get();
    Batch<E> pending = takeHeld(thread);
    if (pending == null) {
      return;
    }
    try {
      invoker.deliverBatch(subscriber, pending, thread);
    } catch (StackOverflowError tooDeep) {
      if (!pending.started) {
        pending.abandonedBy = tooDeep;
        thread.owed[thread.owing++] = pending;
        thread.held--;
      }
    }
    thread.leaving();
  }

  /**
   * Reports the pending events as failed with {@code reason}, for a bus closing without the
   * thread that would deliver them, and brings their parts.
   */
  void abandon(Throwable reason) {
    ThreadState thread = ThreadState.get();
    Batch<E> pending = takeHeld(thread);
    if (pending == null) {
      return;
    }
    pending.abandonedBy = reason;
    try {
      pending.settle();
    } catch (StackOverflowError tooDeep) {
      thread.owed[thread.owing++] = pending;
    }
    thread.held--;
    thread.leaving();
  }

  /**
   * Takes the pending batch with {@code thread} holding a count for it; returns {@code null}, and
   * holds nothing, when there is none. If taking throws, the hold is released and nothing taken.
   */
  private Batch<E> takeHeld(ThreadState thread) {
    thread.hold();
    Batch<E> pending;
    try {
      synchronized (this) {
        pending = current.size() == 0 ? null : take();
      }
    } catch (Throwable notTaken) {
      thread.held--;
      throw notTaken;
    }
    if (pending == null) {
      thread.held--;
    }
    return pending;
  }

  /**
   * Takes the current batch, leaving an empty one. The new batch is made and the window timer
   * cancelled before anything is taken, so that if it throws, nothing was.
   */
  private Batch<E> take() {
    Batch<E> next = new Batch<>(subscriber, invoker, subscriber.batchSize);
    if (windowTimer != null) {
      windowTimer.cancel(false);
    }
    Batch<E> taken = current;
    current = next;
    windowTimer = null;
    return taken;
  }
}
