/*
 * Design note. The jdbc package wraps three Connector/J objects whose interfaces have a hundred to
 * two hundred methods each: CallableStatement, ResultSet and DatabaseMetaData. The wrappers
 * override a few of them (the Logical* subclasses); every other method must pass its arguments to
 * the wrapped object and return its answer. Writing those forwards by hand made three classes of
 * a thousand lines that said nothing, so this program writes them at build time, by reflection on
 * the java.sql interfaces of the JDK that runs the build:
 *
 *   DelegatingCallableStatement, DelegatingResultSet, DelegatingDatabaseMetaData
 *       package-private abstract classes with a protected final field `delegate`, a constructor
 *       taking it, a protected `delegate()` that every forward declaring SQLException calls (it
 *       returns the field; a subclass may find the object anew for each call), unwrap/isWrapperFor that answer for the
 *       wrapper first and then ask the delegate, and one forwarding method per other interface
 *       method (default methods too);
 *   ReadOnlyResultSet
 *       a DelegatingResultSet whose update methods and row changes (insert row, updateRow,
 *       deleteRow, refreshRow, cancelRowUpdates) throw SQLFeatureNotSupportedException and whose
 *       getConcurrency is CONCUR_READ_ONLY, as JDBC asks of a read-only result set.
 *
 * Output is deterministic (methods sorted by signature, imports sorted) and a file is written only
 * when its text changed, so an unchanged build leaves the compiler's up-to-date check alone.
 * DelegationTest checks the result. The build runs this file with the JDK's source launcher in the
 * generate-sources phase (driver/pom.xml, exec-maven-plugin); by hand:
 *
 *   java driver/src/build/GenerateDelegation.java driver/target/generated-sources/delegation
 *
 * The forwards are those of the JDK that runs the build, compiled for maven.compiler.release: a
 * later JDK whose java.sql had grown (it has been JDBC 4.3 since Java 9) would fail to compile
 * with @Override on a method the release lacks, not pass silently.
 */

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public final class GenerateDelegation {
    private static final String PACKAGE = "io.obproxy.jdbc";
    /** ResultSet methods that change rows without being named update*: refused by ReadOnlyResultSet. */
    private static final Set<String> ROW_CHANGES = Set.of(
            "insertRow", "deleteRow", "refreshRow", "cancelRowUpdates", "moveToInsertRow", "moveToCurrentRow");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java GenerateDelegation.java OUTPUT_SOURCE_DIRECTORY");
        }
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        write(dir, "DelegatingCallableStatement", delegating(CallableStatement.class,
                "A CallableStatement that forwards to a Connector/J one (callables are pinned to one server)."));
        write(dir, "DelegatingResultSet", delegating(ResultSet.class,
                "A ResultSet that forwards to a Connector/J one."));
        write(dir, "DelegatingDatabaseMetaData", delegating(DatabaseMetaData.class,
                "DatabaseMetaData that forwards to a Connector/J one."));
        write(dir, "ReadOnlyResultSet", readOnlyResultSet());
    }

    private static String delegating(Class<?> iface, String doc) {
        String name = "Delegating" + iface.getSimpleName();
        JavaFile file = new JavaFile();
        file.imports(iface);
        file.line("/**");
        file.line(" * " + doc);
        file.line(" * Every method delegates; subclasses override what the logical layer changes.");
        file.line(" */");
        file.line("@SuppressWarnings(\"deprecation\")");
        file.line("abstract class " + name + " implements " + iface.getSimpleName() + " {");
        file.line("    protected final " + iface.getSimpleName() + " delegate;");
        file.line("");
        file.line("    " + name + "(" + iface.getSimpleName() + " delegate) {");
        file.line("        this.delegate = delegate;");
        file.line("    }");
        file.line("");
        file.line("    /** @return the object a call goes to: {@link #delegate}, unless a subclass finds one for each call */");
        file.line("    protected " + iface.getSimpleName() + " delegate() throws SQLException {");
        file.line("        return delegate;");
        file.line("    }");
        file.line("");
        file.line("    @Override");
        file.line("    public <T> T unwrap(Class<T> iface) throws SQLException {");
        file.line("        if (iface.isInstance(this)) {");
        file.line("            return iface.cast(this);");
        file.line("        }");
        file.line("        return delegate().unwrap(iface);");
        file.line("    }");
        file.line("");
        file.line("    @Override");
        file.line("    public boolean isWrapperFor(Class<?> iface) throws SQLException {");
        file.line("        return iface.isInstance(this) || delegate().isWrapperFor(iface);");
        file.line("    }");
        file.imports(java.sql.SQLException.class);
        for (Method m : methods(iface, m -> !Set.of("unwrap", "isWrapperFor").contains(m.getName()))) {
            boolean mayThrow = Arrays.asList(m.getExceptionTypes()).contains(java.sql.SQLException.class);
            String call = (mayThrow ? "delegate()." : "delegate.") + m.getName() + "(" + String.join(", ", argumentNames(m)) + ");";
            file.method(m, m.getReturnType() == void.class ? call : "return " + call);
        }
        return file.toString(name);
    }

    private static String readOnlyResultSet() {
        JavaFile file = new JavaFile();
        file.imports(ResultSet.class);
        file.imports(java.sql.SQLException.class);
        file.imports(java.sql.SQLFeatureNotSupportedException.class);
        file.line("/**");
        file.line(" * A result set whose rows cannot be changed: every update method, and the insert row, fail with");
        file.line(" * SQLFeatureNotSupportedException (as JDBC asks of a CONCUR_READ_ONLY result set); everything else");
        file.line(" * is the delegate's.");
        file.line(" */");
        file.line("@SuppressWarnings(\"deprecation\")");
        file.line("abstract class ReadOnlyResultSet extends DelegatingResultSet {");
        file.line("    ReadOnlyResultSet(ResultSet delegate) {");
        file.line("        super(delegate);");
        file.line("    }");
        file.line("");
        file.line("    private static SQLException readOnly() {");
        file.line("        return new SQLFeatureNotSupportedException(\"the result set is read-only (CONCUR_READ_ONLY)\");");
        file.line("    }");
        file.line("");
        file.line("    @Override");
        file.line("    public int getConcurrency() {");
        file.line("        return ResultSet.CONCUR_READ_ONLY;");
        file.line("    }");
        for (Method m : methods(ResultSet.class,
                m -> m.getName().startsWith("update") || ROW_CHANGES.contains(m.getName()))) {
            file.method(m, "throw readOnly();");
        }
        return file.toString("ReadOnlyResultSet");
    }

    /**
     * The interface's instance methods that {@code wanted} accepts, one per signature (the most
     * specific declaration where super-interfaces declare it too), sorted by signature.
     */
    private static List<Method> methods(Class<?> iface, Predicate<Method> wanted) {
        Map<String, Method> bySignature = new TreeMap<>();
        for (Method m : iface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || !wanted.test(m)) {
                continue;
            }
            bySignature.merge(signature(m), m, (a, b) ->
                    a.getDeclaringClass().isAssignableFrom(b.getDeclaringClass()) ? b : a);
        }
        return new ArrayList<>(bySignature.values());
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static List<String> argumentNames(Method m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m.getParameterCount(); i++) {
            names.add("arg" + i);
        }
        return names;
    }

    private static void write(Path dir, String className, String text) throws IOException {
        Path file = dir.resolve(className + ".java");
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /** One compilation unit of the package: its imports, gathered from the types it names, and its lines. */
    private static final class JavaFile {
        /** A qualified class name in a type's name, as Type.getTypeName() writes it. */
        private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");

        private final Map<String, String> imports = new TreeMap<>(); // simple name -> qualified name
        private final List<String> lines = new ArrayList<>();

        void line(String line) {
            lines.add(line);
        }

        void imports(Class<?> type) {
            simpleName(type);
        }

        /** A forwarding (or refusing) override of {@code m} with the one-line {@code body}. */
        void method(Method m, String body) {
            StringBuilder head = new StringBuilder("    public ");
            TypeVariable<Method>[] typeParameters = m.getTypeParameters();
            if (typeParameters.length > 0) {
                head.append(Arrays.stream(typeParameters).map(this::typeParameter)
                        .collect(Collectors.joining(", ", "<", "> ")));
            }
            head.append(simpleName(m.getGenericReturnType())).append(' ').append(m.getName()).append('(');
            Type[] parameters = m.getGenericParameterTypes();
            List<String> names = argumentNames(m);
            for (int i = 0; i < parameters.length; i++) {
                String type = simpleName(parameters[i]);
                if (m.isVarArgs() && i == parameters.length - 1) {
                    type = type.substring(0, type.length() - 2) + "...";
                }
                head.append(i == 0 ? "" : ", ").append(type).append(' ').append(names.get(i));
            }
            head.append(')');
            Type[] exceptions = m.getGenericExceptionTypes();
            if (exceptions.length > 0) {
                head.append(Arrays.stream(exceptions).map(this::simpleName)
                        .collect(Collectors.joining(", ", " throws ", "")));
            }
            line("");
            line("    @Override");
            line(head + " {");
            line("        " + body);
            line("    }");
        }

        private String typeParameter(TypeVariable<?> variable) {
            List<Type> bounds = Arrays.stream(variable.getBounds()).filter(b -> b != Object.class).toList();
            return variable.getName() + (bounds.isEmpty() ? "" : bounds.stream().map(this::simpleName)
                    .collect(Collectors.joining(" & ", " extends ", "")));
        }

        /** The type as the source names it, its classes imported (java.lang's need none). */
        private String simpleName(Type type) {
            Matcher qualified = QUALIFIED.matcher(type.getTypeName());
            StringBuilder out = new StringBuilder();
            while (qualified.find()) {
                String name = qualified.group(), simple = qualified.group(1);
                if (simple.contains("$")) {
                    throw new IllegalStateException("nested classes are not handled: " + name);
                }
                String known = imports.putIfAbsent(simple, name);
                if (known != null && !known.equals(name)) {
                    throw new IllegalStateException("two classes named " + simple + ": " + known + ", " + name);
                }
                qualified.appendReplacement(out, simple);
            }
            return qualified.appendTail(out).toString();
        }

        String toString(String className) {
            StringBuilder out = new StringBuilder();
            out.append("// Generated by driver/src/build/GenerateDelegation.java at build time: do not edit.\n");
            out.append("package ").append(PACKAGE).append(";\n\n");
            Set<String> sorted = new TreeSet<>();
            imports.values().stream().filter(n -> !n.equals("java.lang." + n.substring(n.lastIndexOf('.') + 1)))
                    .forEach(sorted::add);
            sorted.forEach(n -> out.append("import ").append(n).append(";\n"));
            out.append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
            out.append("}\n");
            return out.toString();
        }
    }
}
