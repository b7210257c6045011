package io.torematrix.eventbus.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/** How javac finds the processors: both listed, the one that claims after the one that works. */
class ProcessorRegistrationTest {

  @Test
  void theClaimerComesAfterTheProcessorItMustNotStarve() {
    List<String> names =
        ServiceLoader.load(Processor.class).stream().map(p -> p.type().getName()).toList();
    int processor = names.indexOf(EventBusProcessor.class.getName());
    int claimer = names.indexOf(AnnotationClaimer.class.getName());
    assertTrue(processor >= 0 && claimer > processor, names::toString);
  }
}
