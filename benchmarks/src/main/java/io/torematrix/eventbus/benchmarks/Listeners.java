package io.torematrix.eventbus.benchmarks;

import com.google.common.eventbus.Subscribe;
import io.torematrix.eventbus.annotation.Priority;
import java.util.concurrent.atomic.AtomicLong;
import net.engio.mbassy.listener.Handler;
import org.greenrobot.eventbus.ThreadMode;

/**
 * Listener classes every bus can register: each handler carries the annotation of each bus, and
 * does the same work (counts into a field), so that buses deliver to the same code.
 */
public final class Listeners {
  private Listeners() {}

  /** One handler of {@code Tick}. */
  public static class One implements TickHandler {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe(threadMode = ThreadMode.POSTING)
    @Handler
    @Override
    public void onTick(Tick tick) {
      count += tick.value();
    }
  }

  /** Three handlers of {@code Tick}. */
  public static class FanA {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void a1(Tick tick) {
      count += tick.value();
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void a2(Tick tick) {
      count += 2 * tick.value();
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void a3(Tick tick) {
      count += 3 * tick.value();
    }
  }

  /** Three handlers of {@code Tick}. */
  public static class FanB {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void b1(Tick tick) {
      count -= tick.value();
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void b2(Tick tick) {
      count ^= tick.value();
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void b3(Tick tick) {
      count |= tick.value();
    }
  }

  /** Two handlers of {@code Tick}. */
  public static class FanC {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void c1(Tick tick) {
      count += tick.value() >> 1;
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void c2(Tick tick) {
      count += tick.value() << 1;
    }
  }

  /** Two handlers of {@code Tick}. */
  public static class FanD {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void d1(Tick tick) {
      count += tick.value() + 1;
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void d2(Tick tick) {
      count += tick.value() - 1;
    }
  }

  /** A handler of the exact type and one of its family. */
  public static class Family {
    public long count;

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void exact(Tick tick) {
      count += tick.value();
    }

    @io.torematrix.eventbus.annotation.Subscribe(priority = Priority.IMMEDIATE)
    @Subscribe
    @org.greenrobot.eventbus.Subscribe
    @Handler
    public void family(Signal signal) {
      count -= signal.value();
    }
  }

  /** A {@code NORMAL} handler, for the asynchronous hand-off. */
  public static class Consumer {
    public final AtomicLong count = new AtomicLong();

    @io.torematrix.eventbus.annotation.Subscribe
    public void onTick(Tick tick) {
      count.incrementAndGet();
    }
  }
}
