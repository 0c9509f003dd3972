package dev.parley.bench.jmh;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Platform;
import dev.parley.protocol.wire.Send;

/** Frames the codec benchmarks encode and decode, shaped like real traffic. */
public final class SampleFrames {
    private SampleFrames() {
    }

    /** The first frame of every connection: app key, a token of realistic length, device details. */
    public static Frame connect() {
        return Frame.newBuilder().setConnect(Connect.newBuilder()
                .setAppKey("k3v9q2x7c1m4p8zd")
                .setToken("AY_0mr-iNAAQazN2OXEyeDdjMW00cDh6ZAVhbGljZQAAAZMz8gAAAAAAAAAAAA.rj8ZtC5GtiscNNi6yMSQtw")
                .setProtocolVersion(Protocol.VERSION)
                .setPlatform(Platform.DESKTOP)
                .setDeviceId("6f1c2e4a-93b7-4d0e-8a55-2c1f0b7d9e31")
                .setSdkVersion("parley-java/0.1.0")
                .setLastSeq(48_213))
                .build();
    }

    /** A private text message as a client sends it: about 200 bytes on the wire. */
    public static Frame message() {
        return Frame.newBuilder().setRequestId(1_234).setSend(Send.newBuilder()
                .setClientMsgId("0b9f3c6e-5d21-4a8e-b7f4-91c2d3e4f5a6")
                .setConversationType(ConversationType.PRIVATE)
                .setTargetId("user-1048576")
                .setObjectName("RC:TxtMsg")
                .setContent("{\"content\":\"Are we still on for lunch tomorrow at half past twelve? "
                        + "I can book the usual table by the window.\",\"extra\":\"\"}")
                .setPushContent("Lunch tomorrow?"))
                .build();
    }

    /** The sample named by a benchmark parameter. */
    public static Frame named(String name) {
        return switch (name) {
            case "connect" -> connect();
            case "message" -> message();
            default -> throw new IllegalArgumentException("no sample frame " + name);
        };
    }
}
