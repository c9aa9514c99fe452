package dev.hibiki.hub;

import java.util.concurrent.CompletionStage;

/**
 * A command whose answer depends on work elsewhere (Redis in cluster mode). The dispatcher sends
 * the stage's non-null result, or its failure as an {@code error}, to the sender with {@code re},
 * exactly as it does for a synchronous {@link Command}.
 *
 * @param <F> the frame record
 */
public interface AsyncCommand<F> extends Command<F> {

    CompletionStage<Outbound> handleAsync(Client from, F frame);

    /** Not called by the dispatcher for an async command. */
    @Override
    default Outbound handle(Client from, F frame) {
        throw new UnsupportedOperationException(type() + " is answered through handleAsync");
    }
}
