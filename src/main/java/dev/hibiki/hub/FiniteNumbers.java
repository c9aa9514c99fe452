package dev.hibiki.hub;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;

/**
 * Builds JSON trees whose numbers are finite. A literal like {@code 1e999999} is valid JSON but
 * overflows a double to Infinity, which JSON cannot carry: echoed back (as an {@code id} in
 * {@code re}, or inside {@code data}) it would come out as the string "Infinity" or as invalid JSON.
 * Such a number is refused as broken JSON where it is read, for WebSocket frames and REST bodies alike.
 */
final class FiniteNumbers extends JsonNodeFactory {

    static final FiniteNumbers INSTANCE = new FiniteNumbers();

    private FiniteNumbers() {
        super();
    }

    @Override
    public NumericNode numberNode(double v) {
        return super.numberNode(finite(v));
    }

    @Override
    public NumericNode numberNode(float v) {
        return super.numberNode((float) finite(v));
    }

    @Override
    public ValueNode numberNode(Double v) {
        return v == null ? nullNode() : numberNode(v.doubleValue());
    }

    @Override
    public ValueNode numberNode(Float v) {
        return v == null ? nullNode() : numberNode(v.floatValue());
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            // Jackson reads trees through methods that declare IOException but the factory cannot: the
            // parse error is thrown unchecked and reaches the reader's caller as the JsonParseException
            // it is, answered bad_json like any other broken JSON.
            throw FiniteNumbers.<RuntimeException> sneaky(
                    new JsonParseException((JsonParser) null, "number out of range: not a finite double"));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
