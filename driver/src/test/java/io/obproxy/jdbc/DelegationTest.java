package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The Delegating* classes, generated at build time by driver/src/build/GenerateDelegation.java,
 * forward every method of their java.sql interface to the delegate, with the same arguments in the
 * same order, and return what the delegate returned; ReadOnlyResultSet, generated with them, refuses
 * the update and row-change methods and forwards the rest. Each class is wrapped (through an empty
 * subclass, so no logical-layer override interferes) around a recording {@link Proxy} of its
 * interface; every interface method is called with distinct dummy arguments. A method added to the
 * interface but not forwarded, a swapped argument or a stub return fails here.
 */
class DelegationTest {
    /**
     * Methods the Delegating* classes answer themselves on purpose, by signature, with the reason.
     * Every entry must exist in the interface, so the list cannot outlive the code.
     */
    private static final Map<String, String> ANSWERED_BY_THE_WRAPPER = Map.of(
            "unwrap(Class)", "the wrapper is returned when it implements the class; the delegate is asked otherwise",
            "isWrapperFor(Class)", "true when the wrapper implements the class; the delegate is asked otherwise");

    /** What ReadOnlyResultSet refuses besides the update* methods: the insert row and the other row changes. */
    private static final Set<String> ROW_CHANGES = Set.of("insertRow()", "deleteRow()", "refreshRow()",
            "cancelRowUpdates()", "moveToInsertRow()", "moveToCurrentRow()");

    @Test
    void callableStatementForwardsEveryMethod() {
        assertForwardsEveryMethod(CallableStatement.class, d -> new DelegatingCallableStatement(d) { });
    }

    @Test
    void resultSetForwardsEveryMethod() {
        assertForwardsEveryMethod(ResultSet.class, d -> new DelegatingResultSet(d) { });
    }

    @Test
    void databaseMetaDataForwardsEveryMethod() {
        assertForwardsEveryMethod(DatabaseMetaData.class, d -> new DelegatingDatabaseMetaData(d) { });
    }

    @Test
    void readOnlyResultSetRefusesRowChangesAndForwardsTheRest() throws SQLException {
        Map<String, String> answered = new HashMap<>(ANSWERED_BY_THE_WRAPPER);
        answered.put("getConcurrency()", "CONCUR_READ_ONLY, whatever the delegate is");
        int refused = assertForwardsEveryMethod(ResultSet.class, d -> new ReadOnlyResultSet(d) { }, answered,
                signature -> signature.startsWith("update") || ROW_CHANGES.contains(signature));
        assertTrue(refused > 80, refused + " methods refused");
        assertEquals(ResultSet.CONCUR_READ_ONLY, new ReadOnlyResultSet(null) { }.getConcurrency());
    }

    private static <T> void assertForwardsEveryMethod(Class<T> iface, Function<T, ? extends T> wrap) {
        assertForwardsEveryMethod(iface, wrap, ANSWERED_BY_THE_WRAPPER, signature -> false);
    }

    /**
     * @param answered methods the wrapper answers itself, by signature, with the reason
     * @param refused  the signatures that must throw SQLFeatureNotSupportedException without reaching the delegate
     * @return how many methods were refused
     */
    private static <T> int assertForwardsEveryMethod(Class<T> iface, Function<T, ? extends T> wrap,
            Map<String, String> answered, Predicate<String> refused) {
        List<Call> calls = new ArrayList<>();
        T delegate = iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, method, args);
                    }
                    Object result = valueOf(method.getReturnType(), -1);
                    calls.add(new Call(signature(method), args == null ? new Object[0] : args, result));
                    return result;
                }));
        T wrapper = wrap.apply(delegate);
        List<String> notForwarded = new ArrayList<>();
        List<String> notRefused = new ArrayList<>();
        TreeSet<String> exempted = new TreeSet<>();
        for (Method method : iface.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String signature = signature(method);
            if (answered.containsKey(signature)) {
                exempted.add(signature);
                continue;
            }
            Object[] args = dummyArguments(method.getParameterTypes());
            calls.clear();
            if (refused.test(signature)) {
                if (!(thrown(wrapper, method, args) instanceof SQLFeatureNotSupportedException) || !calls.isEmpty()) {
                    notRefused.add(signature + " reached " + calls);
                }
                continue;
            }
            Object returned = invoke(wrapper, method, args);
            if (calls.size() != 1 || !calls.get(0).signature.equals(signature)) {
                notForwarded.add(signature + " reached " + calls);
                continue;
            }
            assertArrayEquals(args, calls.get(0).args, signature + ": arguments changed on the way");
            assertEquals(calls.get(0).result, returned, signature + ": return value not passed on");
        }
        assertEquals(List.of(), notForwarded, iface.getSimpleName() + " methods not forwarded to the delegate");
        assertEquals(List.of(), notRefused, iface.getSimpleName() + " methods not refused");
        assertEquals(new TreeSet<>(answered.keySet()), exempted,
                "exemptions that are no method of " + iface.getSimpleName());
        assertTrue(iface.getMethods().length > exempted.size());
        return (int) Arrays.stream(iface.getMethods()).map(DelegationTest::signature).filter(refused).count();
    }

    /** What the call threw, or null when it returned. */
    private static Throwable thrown(Object target, Method method, Object[] args) {
        try {
            method.invoke(target, args);
            return null;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(signature(method) + " threw instead of forwarding", e.getCause());
        }
    }

    /** The method as "name(SimpleType,...)": equal across the interfaces that declare it. */
    private static String signature(Method method) {
        return method.getName() + "(" + String.join(",",
                Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
    }

    private static Object[] dummyArguments(Class<?>[] types) {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = valueOf(types[i], i);
        }
        return args;
    }

    /**
     * A value of the type that tells position {@code n} apart from the others of the same call
     * (n = -1 for return values): distinct numbers and strings, fresh arrays, proxies of interfaces.
     * Classes with no cheap distinct instance get null, a position no other argument of the same
     * type shares in java.sql.
     */
    private static Object valueOf(Class<?> type, int n) {
        if (type == void.class) {
            return null;
        } else if (type == boolean.class) {
            return n % 2 == 0;
        } else if (type == byte.class) {
            return (byte) (n + 10);
        } else if (type == short.class) {
            return (short) (n + 20);
        } else if (type == int.class) {
            return n + 30;
        } else if (type == long.class) {
            return n + 40L;
        } else if (type == float.class) {
            return n + 50f;
        } else if (type == double.class) {
            return n + 60d;
        } else if (type == String.class) {
            return "value " + n;
        } else if (type == Class.class) {
            return String.class;
        } else if (type == Object.class) {
            return "object " + n;
        } else if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), n + 2);
        } else if (type.isInterface()) {
            return Proxy.newProxyInstance(DelegationTest.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> method.getDeclaringClass() == Object.class
                            ? objectMethod(proxy, method, args) : valueOf(method.getReturnType(), -1));
        }
        return null;
    }

    /** equals/hashCode/toString of a proxy, by identity, so proxies can sit in assertions. */
    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "proxy of " + proxy.getClass().getInterfaces()[0].getSimpleName();
        };
    }

    /** One call that reached the delegate, and what the delegate returned. */
    private record Call(String signature, Object[] args, Object result) {
        @Override
        public String toString() {
            return signature;
        }
    }
}
