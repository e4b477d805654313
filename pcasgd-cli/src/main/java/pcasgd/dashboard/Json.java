package pcasgd.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The dashboard's state as JSON (Jackson): NaN and infinities become {@code null}, since JSON has no
 * NaN, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are written as \\u escapes so the text can
 * sit inside an HTML {@code <script>} element of report.html.
 */
public final class Json {
    private static final ObjectMapper MAPPER = mapper();

    private Json() { }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the dashboard's state as JSON", e);
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule finite = new SimpleModule("finite-numbers");
        StdSerializer<Double> finiteDouble = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double d, JsonGenerator g, SerializerProvider p) throws IOException {
                number(g, d);
            }
        };
        finite.addSerializer(Double.class, finiteDouble);
        finite.addSerializer(double.class, finiteDouble); // records' and beans' primitive components
        finite.addSerializer(Float.class, new StdSerializer<>(Float.class) {
            @Override
            public void serialize(Float f, JsonGenerator g, SerializerProvider p) throws IOException {
                number(g, f);
            }
        });
        finite.addSerializer(double[].class, new StdSerializer<>(double[].class) {
            @Override
            public void serialize(double[] a, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartArray();
                for (double d : a) {
                    number(g, d);
                }
                g.writeEndArray();
            }
        });
        ObjectMapper m = new ObjectMapper().registerModule(finite);
        m.getFactory().setCharacterEscapes(new ScriptSafe());
        return m;
    }

    private static void number(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }

    /** JSON's own escapes, plus the characters that could end or confuse an HTML script element. */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] table = standardAsciiEscapesForJSON();

        ScriptSafe() {
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // line and paragraph separators end a line inside a script element
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
