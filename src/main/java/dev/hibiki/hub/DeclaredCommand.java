package dev.hibiki.hub;

/**
 * The one way to declare a command: its frame type and record in the constructor, the handling in
 * {@link #handle} (or {@code handleAsync} for an {@link AsyncCommand}).
 *
 * <pre>
 * &#64;ApplicationScoped
 * public class EchoCommand extends DeclaredCommand&lt;EchoCommand.Frame&gt; {
 *     public record Frame(String text) {}
 *     EchoCommand() { super("echo", Frame.class); }
 *     public Outbound handle(Client from, Frame frame) { ... }
 * }
 * </pre>
 *
 * The accessors are not final on purpose: CDI client proxies must delegate them to the bean.
 */
public abstract class DeclaredCommand<F> implements Command<F> {

    private String type;
    private Class<F> frame;

    protected DeclaredCommand(String type, Class<F> frame) {
        this.type = type;
        this.frame = frame;
    }

    /** For CDI proxies only. */
    protected DeclaredCommand() {
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Class<F> frame() {
        return frame;
    }
}
