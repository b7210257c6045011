package io.torematrix.eventbus.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;

/** A class that declares {@code @Subscribe} methods, with its handlers in source order. */
public record ListenerModel(TypeElement type, List<HandlerModel> handlers) {}
