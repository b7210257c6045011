package io.torematrix.eventbus.example.tour;

import io.torematrix.eventbus.annotation.Event;
import java.time.Instant;

/** Stored at the start of every run of the tour, so that the next run can tell. */
@Event(name = "tour.started")
public record TourStarted(int run, Instant at) {}
