package dev.podnet.api.validation;

/** A field's path as Kubernetes prints it: {@code spec.containers[1].ports[0].name}. */
record FieldPath(String text) {

  static FieldPath of(String root) {
    return new FieldPath(root);
  }

  FieldPath child(String name) {
    return new FieldPath(text + "." + name);
  }

  FieldPath index(int i) {
    return new FieldPath(text + "[" + i + "]");
  }

  FieldPath key(String key) {
    return new FieldPath(text + "[" + key + "]");
  }

  @Override
  public String toString() {
    return text;
  }
}
