package dev.hibiki.persist;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Persistence of room histories and shared text across restarts (docs/PERSISTENCE.md). */
@ConfigMapping(prefix = "hibiki.persistence")
public interface PersistConfig {

    /** Off: nothing is read or written, every restart starts empty. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Directory of the journal and snapshots, relative to the working directory unless absolute.
     * Created when missing. The Kubernetes manifests set it to a mounted volume.
     */
    @WithDefault("data")
    String dataDir();

    /**
     * False: an ack means the record reached the operating system (survives a process crash or
     * kill -9, not a power loss). True: each record is also forced to the disk before the ack.
     */
    @WithDefault("false")
    boolean fsync();

    /** Journal records between two snapshots; each snapshot starts a new journal file. */
    @WithDefault("10000")
    int snapshotEvery();
}
