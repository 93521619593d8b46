// @libsql/client over http:// against a real edgelite server (started by server/tests/compat_js.rs).
import { clientSuite } from "./client_suite.mjs";
import { env } from "./env.mjs";

clientSuite(env("EDGELITE_HTTP_URL"), "http");
