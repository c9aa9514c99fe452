package dev.hibiki.hub;

import java.util.concurrent.CompletionStage;

/**
 * A command whose answer depends on something that is not at hand (Redis, in cluster mode). The
 * dispatcher sends the completed value as the reply (with {@code re}), or turns a failure into the
 * same {@code error} frame a synchronous command would get: a {@link HubException} by its code,
 * anything else as {@code internal}. A null value sends no reply.
 */
public interface AsyncCommand<F> extends Command<F> {

    CompletionStage<Outbound> handleAsync(Client from, F frame);

    @Override
    default Outbound handle(Client from, F frame) {
        throw new UnsupportedOperationException(type() + " answers asynchronously");
    }
}
