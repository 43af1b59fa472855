package io.obproxy.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;

/**
 * A read-only MBean whose attributes are series (one cluster's, or one server's), read when asked.
 * An attribute is named after its metric, in camel case without the {@code obproxy_} prefix and the
 * {@code _total} suffix, then the value of the metric's own label after an underscore:
 * {@code Routes_leader}, {@code TransactionsLost_40001}, {@code PhysicalConnections}; a timer gives
 * {@code <name>Count} and {@code <name>Sum} (seconds).
 */
final class SeriesMBean implements DynamicMBean {
    private final String description;
    private final Supplier<List<Series>> series;

    SeriesMBean(String description, Supplier<List<Series>> series) {
        this.description = description;
        this.series = series;
    }

    /** @return attribute name to value, for the series there are now */
    private Map<String, Number> values() {
        Map<String, Number> values = new LinkedHashMap<>();
        for (Series s : series.get()) {
            String name = attributeName(s);
            if (s.metric().type() == Metric.Type.TIMER) {
                values.put(name + "Count", s.value());
                values.put(name + "Sum", s.totalSeconds());
            } else {
                values.put(name, s.value());
            }
        }
        return values;
    }

    private static String attributeName(Series s) {
        String label = s.metric().label();
        return label == null ? attributeBase(s.metric())
                : attributeBase(s.metric()) + "_" + s.labels().get(label).toLowerCase(Locale.ROOT);
    }

    /** @return the attribute name of a metric's series, before the label value */
    static String attributeBase(Metric metric) {
        String base = metric.prometheusName().replaceFirst("^obproxy_", "").replaceFirst("_total$", "");
        StringBuilder sb = new StringBuilder();
        for (String word : base.split("_")) {
            sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return sb.toString();
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Number value = values().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException("no attribute " + attribute + " (there are " + values().keySet() + ")");
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Number> values = values();
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            if (values.containsKey(name)) {
                list.add(new Attribute(name, values.get(name)));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList(); // every attribute is read-only: none was set
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations: " + actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        values().forEach((name, value) -> attributes.add(new MBeanAttributeInfo(name, value.getClass().getName(),
                name, true, false, false)));
        return new MBeanInfo(getClass().getName(), description, attributes.toArray(new MBeanAttributeInfo[0]), null,
                new MBeanOperationInfo[0], null);
    }
}
