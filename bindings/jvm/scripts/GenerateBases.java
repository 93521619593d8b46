// Generates the driver's base classes from the JDK's java.sql interfaces (run once per JDK
// upgrade; the output is committed):
//
//   cd bindings/jvm/src/main/java/io/edgelite/jdbc
//   java ../../../../../../scripts/GenerateBases.java java.sql.ResultSet UnsupportedResultSet throw > UnsupportedResultSet.java
//   java ../../../../../../scripts/GenerateBases.java java.sql.PreparedStatement UnsupportedPreparedStatement throw > UnsupportedPreparedStatement.java
//   java ../../../../../../scripts/GenerateBases.java java.sql.Connection UnsupportedConnection throw > UnsupportedConnection.java
//   java ../../../../../../scripts/GenerateBases.java java.sql.DatabaseMetaData DatabaseMetaDataDefaults meta > DatabaseMetaDataDefaults.java
//
// "throw": every method fails with SQLFeatureNotSupportedException (EDGELITE_UNSUPPORTED).
// "meta": boolean answers are false and int limits 0 (none); the rest throw likewise.
import java.lang.reflect.*;
import java.util.*;

public class GenerateBases {
  static String t(Type t) {
    return t.getTypeName().replace("java.lang.", "").replace('$', '.');
  }
  public static void main(String[] a) throws Exception {
    Class<?> iface = Class.forName(a[0]);
    String cls = a[1];
    String mode = a[2]; // "throw" or "meta"
    StringBuilder sb = new StringBuilder();
    sb.append("package io.edgelite.jdbc;\n\n");
    sb.append("// Generated once from the JDK's ").append(iface.getName()).append(" (see bindings/jvm/README.md, Development);\n");
    sb.append(mode.equals("meta") ? "// boolean answers are false and limits 0 (none) unless overridden; the rest fail with SQLFeatureNotSupportedException.\n" : "// every method the driver does not support fails with SQLFeatureNotSupportedException.\n");
    sb.append("@SuppressWarnings({\"deprecation\", \"unchecked\", \"rawtypes\"})\n");
    sb.append("abstract class ").append(cls).append(" implements ").append(iface.getName()).append(" {\n");
    Set<String> seen = new HashSet<>();
    Method[] ms = iface.getMethods();
    Arrays.sort(ms, Comparator.comparing(Method::toGenericString));
    for (Method m : ms) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())) continue;
      String key = m.getName() + Arrays.toString(m.getParameterTypes());
      if (!seen.add(key)) continue;
      StringBuilder s = new StringBuilder("  @Override\n  public ");
      TypeVariable<?>[] tv = m.getTypeParameters();
      if (tv.length > 0) {
        s.append("<");
        for (int i = 0; i < tv.length; i++) s.append(i > 0 ? ", " : "").append(tv[i].getName());
        s.append("> ");
      }
      s.append(t(m.getGenericReturnType())).append(" ").append(m.getName()).append("(");
      Type[] ps = m.getGenericParameterTypes();
      for (int i = 0; i < ps.length; i++) s.append(i > 0 ? ", " : "").append(t(ps[i])).append(" a").append(i);
      boolean sqlex = false; StringBuilder th = new StringBuilder(); for (Class<?> ex : m.getExceptionTypes()) { th.append(th.length() == 0 ? " throws " : ", ").append(ex.getName()); if (ex == java.sql.SQLException.class) sqlex = true; }
      s.append(")").append(th).append(" {\n");
      String rt = m.getReturnType().getName(); if (mode.equals("meta") && rt.equals("boolean")) s.append("    return false;\n  }\n\n"); else if (mode.equals("meta") && rt.equals("int")) s.append("    return 0;\n  }\n\n"); else s.append(sqlex ? "    throw EdgeliteErrors.unsupported(\"" : "    throw new UnsupportedOperationException(\"").append(iface.getSimpleName()).append(".").append(m.getName()).append(" is not supported\");\n  }\n\n");
      sb.append(s);
    }
    sb.setLength(sb.length() - 1);
    sb.append("}\n");
    System.out.print(sb);
  }
}
