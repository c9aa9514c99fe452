package dev.hibiki.hub;

/**
 * Validation of display names and room names: 1 to {@code max} printable characters (any script,
 * Japanese included), counted in code points, with no control or invisible formatting characters
 * and not only blanks.
 */
public final class Names {

    public static final int MAX_DISPLAY_NAME = 32;
    public static final int MAX_ROOM_NAME = 64;

    private Names() {
    }

    /** Returns null when {@code value} is acceptable, otherwise what is wrong with it. */
    public static String problem(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            return what + " must not be empty";
        }
        int count = value.codePointCount(0, value.length());
        if (count > max) {
            return what + " must be at most " + max + " characters";
        }
        if (value.isBlank()) {
            return what + " must not be blank";
        }
        for (int i = 0; i < value.length();) {
            int cp = value.codePointAt(i);
            int kind = Character.getType(cp);
            if (Character.isISOControl(cp) || kind == Character.FORMAT || kind == Character.SURROGATE
                    || kind == Character.UNASSIGNED || kind == Character.LINE_SEPARATOR
                    || kind == Character.PARAGRAPH_SEPARATOR || kind == Character.PRIVATE_USE) {
                return what + " must contain printable characters only";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    public static void requireRoom(String room) {
        String problem = problem("room", room, MAX_ROOM_NAME);
        if (problem != null) {
            throw HubException.badMessage(problem);
        }
    }
}
