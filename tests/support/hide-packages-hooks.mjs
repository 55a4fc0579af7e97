// Resolve hook for hide-packages.mjs: the hidden packages fail as a missing package does.
let hidden = [];

export function initialize(names) {
  hidden = names.filter(Boolean);
}

export function resolve(specifier, context, next) {
  if (hidden.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    const error = new Error(`Cannot find package '${specifier}' imported from ${context.parentURL}`);
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return next(specifier, context);
}
