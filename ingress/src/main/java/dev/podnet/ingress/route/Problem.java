package dev.podnet.ingress.route;

/**
 * Something wrong with one Ingress that the controller reports as a Warning Event on it (a
 * missing Service or Secret, an unsupported backend), while every other route keeps working.
 */
public record Problem(String namespace, String ingress, String reason, String message) {}
