/**
 * What the API server refuses to store. {@link dev.podnet.api.validation.Validation} is the door; each
 * {@code *Rules} class knows one part of an object and reports every {@link dev.podnet.api.validation.FieldError}
 * it finds into one list, so a user fixes a manifest in one round instead of one error at a time.
 *
 * <p>Rules and wording follow upstream Kubernetes (pkg/apis/core/validation, pkg/apis/apps/validation,
 * apimachinery's validation messages), so that a message can be searched for and reads the same as
 * kubectl's. Fields that defaults fill may be unset: the same object passes before and after
 * {@link dev.podnet.api.Defaults#apply}.
 */
package dev.podnet.api.validation;
