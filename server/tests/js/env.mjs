// What the Rust harness (server/tests/compat_js.rs) hands to the tests: the URLs of the servers it
// started and the tokens it signed.

export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `${name} is not set: these tests are run by server/tests/compat_js.rs, which starts the servers ` +
        "(cargo test -p edgelite-server --test compat_js)",
    );
  }
  return value;
}

// Asserts that `promise` rejects, and returns the error for further checks.
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
