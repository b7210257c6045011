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
 *       io.torematrix.eventbus.internal.SubscriberRegistry} keeps for its class; an event whose
 *       handlers are all synchronous {@code IMMEDIATE} ones is delivered at once, any other goes
 *       through a {@link io.torematrix.eventbus.internal.Handover};
 *   <li>it is counted in flight by the {@link io.torematrix.eventbus.internal.Lifecycle}, room is
 *       reserved for it on the {@link io.torematrix.eventbus.internal.Lanes}, and {@link
 *       io.torematrix.eventbus.internal.Storage} appends it to the store (write-ahead);
 *   <li>the {@code IMMEDIATE} handlers run at once, the others are queued as {@link
 *       io.torematrix.eventbus.internal.DeliveryTask}s, run by the {@link
 *       io.torematrix.eventbus.internal.LaneThreads}, and the {@link
 *       io.torematrix.eventbus.internal.DurableWorker} of each matching durable subscription is
 *       woken through its {@link io.torematrix.eventbus.internal.DurableSignal}, to read the event
 *       back from the store and deliver it on its own thread; the {@link
 *       io.torematrix.eventbus.internal.HandlerInvoker} calls each handler through its {@link
 *       io.torematrix.eventbus.internal.Subscriber}'s gate and reports every failure into the
 *       {@link io.torematrix.eventbus.internal.Publication}, whose last part completes the
 *       publish stage;
 *   <li>{@link io.torematrix.eventbus.internal.History} reads it back.
 * </ol>
 *
 * Handlers become subscribers through the {@link io.torematrix.eventbus.internal.HandlerBinder};
 * the {@link io.torematrix.eventbus.internal.DurableRegistry} starts and stops the durable
 * workers, whose leases the {@link io.torematrix.eventbus.internal.LeaseKeeper} renews; {@link
 * io.torematrix.eventbus.internal.RequestReply} answers {@code request}; {@link
 * io.torematrix.eventbus.internal.Lifecycle} counts the work in flight, drains and closes. Each
 * reads its settings from the {@link io.torematrix.eventbus.internal.BusBuilder}.
 *
 * <p>Whatever a step takes (a count in flight, room on a lane, an invocation of a subscriber, a
 * part of a publication) is given back on every path, an {@code Error} included; a {@link
 * io.torematrix.eventbus.internal.ThreadState} keeps what a {@code StackOverflowError} made a
 * thread owe, as {@link io.torematrix.eventbus.internal.Owed} releases.
 */
package io.torematrix.eventbus.internal;
