package io.torematrix.eventbus.processor.validation;

import com.sun.source.util.Trees;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/**
 * Tells the types compiled now, from sources the user can edit, from those read from class files
 * (the JDK's, a library's). Reads javac's syntax trees; under another compiler every type counts as
 * read from a class file, so advice never asks to edit a type that may not be the user's.
 */
public final class SourceTypes {
  private final Trees trees;

  private SourceTypes(Trees trees) {
    this.trees = trees;
  }

  /**
   * Makes a reader of this compilation's syntax trees.
   *
   * @param environment the processing environment
   * @return the reader; under a compiler other than javac, one for which no type is compiled now
   */
  public static SourceTypes create(ProcessingEnvironment environment) {
    try {
      return new SourceTypes(Trees.instance(environment));
    } catch (IllegalArgumentException notJavac) {
      return new SourceTypes(null);
    }
  }

  /**
   * Tells a type compiled now.
   *
   * @param type any type
   * @return whether {@code type} is declared in a source file of this compilation
   */
  public boolean isCompiledNow(TypeElement type) {
    return trees != null && trees.getPath(type) != null;
  }
}
