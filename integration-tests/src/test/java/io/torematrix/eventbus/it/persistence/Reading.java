package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;
import java.math.BigInteger;

/** A meter reading: the number kinds whose stored forms can cost the most to read. */
@Event(name = "reading", version = 1)
public record Reading(int count, BigInteger value, BigDecimal amount, double ratio) {}
