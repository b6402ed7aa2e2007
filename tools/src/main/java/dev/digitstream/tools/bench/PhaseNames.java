package dev.digitstream.tools.bench;

/** The names of the bench's streamer phases, as the run gives them and the report finds them. */
final class PhaseNames {

    static final String FLAT_OUT = "streamer";
    static final String AT_RATE = "streamer at rate";
    static final String AT_RATE_SWAP = "streamer at rate + swap";
    static final String AT_RATE_SHADOW = "streamer at rate + shadow";
    static final String FLAT_OUT_SHADOW = "streamer + shadow";

    private PhaseNames() {}
}
