/**
 * The bus's implementation. Not exported by the module: nothing here is API, and names may change
 * in any release.
 *
 * <p>{@link io.torematrix.eventbus.internal.DefaultEventBus} is a facade; one event travels
 * through classes named for their jobs:
 *
 * <ol>
 *   <li>{@link io.torematrix.eventbus.internal.Publisher} gives it an {@code EventContext} (time
 *       from the {@link io.torematrix.eventbus.internal.BusClock}, id from {@link
 *       io.torematrix.eventbus.internal.EventIds}) and runs its {@link
 *       io.torematrix.eventbus.internal.MiddlewareChain};
 *   <li>the {@link io.torematrix.eventbus.internal.Deliverer} selects its subscribers from the
 *       {@link io.torematrix.eventbus.internal.Route} the {@link
 *       io.torematrix.eventbus.internal.SubscriberRegistry} keeps for its class, and reserves room
 *       on the {@link io.torematrix.eventbus.internal.Lanes};
 *   <li>{@link io.torematrix.eventbus.internal.Storage} appends it to the store (write-ahead);
 *   <li>the {@link io.torematrix.eventbus.internal.Deliverer} runs {@code IMMEDIATE} handlers at
 *       once, queues the others as {@link io.torematrix.eventbus.internal.DeliveryTask}s and wakes
 *       the {@link io.torematrix.eventbus.internal.DurableWorker} of each matching durable
 *       subscription through its {@link io.torematrix.eventbus.internal.DurableSignal}, which
 *       reads the event back from the store and delivers it on its own thread; the
 *       {@link io.torematrix.eventbus.internal.HandlerInvoker} calls each handler and reports
 *       every failure into the {@link io.torematrix.eventbus.internal.Publication}, whose last part
 *       completes the publish stage;
 *   <li>{@link io.torematrix.eventbus.internal.History} reads it back.
 * </ol>
 *
 * Handlers become subscribers through the {@link io.torematrix.eventbus.internal.HandlerBinder};
 * the {@link io.torematrix.eventbus.internal.DurableRegistry} starts and stops the durable
 * workers, whose leases the {@link io.torematrix.eventbus.internal.LeaseKeeper} renews; {@link
 * io.torematrix.eventbus.internal.RequestReply} answers {@code request}; {@link
 * io.torematrix.eventbus.internal.Lifecycle} counts the work in flight, drains and closes. Each
 * reads its settings from the {@link io.torematrix.eventbus.internal.BusBuilder}.
 */
package io.torematrix.eventbus.internal;
