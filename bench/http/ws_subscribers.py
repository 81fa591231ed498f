#!/usr/bin/env python3
"""N WebSocket subscribers on one job's /events; checks that every one receives every event.

Standard library only: a minimal RFC 6455 client (text frames, server frames unmasked).

    ws_subscribers.py HOST PORT JOB_ID N READY_FILE

Connects N clients, writes READY_FILE once all have their first message (the job snapshot),
reads until the server closes each socket, then prints one JSON line with the figures. Exits 1
when the subscribers did not all receive the same events.
"""
import asyncio, base64, hashlib, json, os, struct, sys, time


async def subscribe(host, port, path, first_message):
    reader, writer = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise RuntimeError(head.decode(errors="replace"))
    messages, fragments = [], b""
    while True:
        b0, b1 = await reader.readexactly(2)
        length = b1 & 0x7F
        if length == 126:
            length = struct.unpack("!H", await reader.readexactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", await reader.readexactly(8))[0]
        payload = await reader.readexactly(length)
        opcode = b0 & 0x0F
        if opcode == 8:  # close: answer it (masked, as a client must)
            writer.write(bytes([0x88, 0x80]) + os.urandom(4))
            await writer.drain()
            break
        if opcode in (1, 0):
            fragments += payload
            if b0 & 0x80:
                messages.append((time.monotonic(), fragments.decode()))
                if len(messages) == 1:
                    first_message.set_result(True) if not first_message.done() else None
                fragments = b""
    writer.close()
    return messages


async def main():
    host, port, job, count, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    path = f"/api/jobs/{job}/events"
    firsts = [asyncio.get_running_loop().create_future() for _ in range(count)]
    tasks = [asyncio.create_task(subscribe(host, port, path, firsts[i])) for i in range(count)]
    await asyncio.wait_for(asyncio.gather(*firsts), 60)
    open(ready, "w").write("ready\n")
    results = await asyncio.wait_for(asyncio.gather(*tasks), 600)
    # Every message after the snapshot, as text; all subscribers must hold the same sequence.
    sequences = [[text for _, text in messages[1:]] for messages in results]
    reference = max(sequences, key=len)
    identical = all(sequence == reference for sequence in sequences)
    final = json.loads(reference[-1]) if reference else {}
    stage_events = sum(1 for text in reference if json.loads(text).get("type") == "stage")
    lags = []
    for index in range(len(reference)):
        times = [messages[index + 1][0] for messages in results if len(messages) > index + 1]
        lags.append(max(times) - min(times))
    print(json.dumps({
        "subscribers": count,
        "events_each": len(reference),
        "stage_events_each": stage_events,
        "all_identical": identical,
        "min_events": min(len(s) for s in sequences),
        "final_state": final.get("job", {}).get("state"),
        "max_spread_ms": round(max(lags) * 1000, 2) if lags else 0,
    }))
    sys.exit(0 if identical and final.get("type") == "job" else 1)


asyncio.run(main())
