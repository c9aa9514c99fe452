"""Hibiki's room channel names on Redis (docs/CLUSTER.md, "Redis Cluster"), for bench/sharded.sh:
the same CRC16 and precomputed partition tags as dev.hibiki.cluster.HashSlots."""

SLOTS = 16384


def crc16(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def tags(partitions: int = 128):
    wanted = {((2 * i + 1) * SLOTS) // (2 * partitions): i for i in range(partitions)}
    found = [None] * partitions
    candidate, left = 0, partitions
    while left:
        tag = _base36(candidate)
        i = wanted.get(crc16(tag.encode()) % SLOTS)
        if i is not None and found[i] is None:
            found[i] = tag
            left -= 1
        candidate += 1
    return found


_TAGS = {}


def channel(room: str, prefix: str = "hibiki", partitions: int = 128) -> str:
    if partitions not in _TAGS:
        _TAGS[partitions] = tags(partitions)
    tag = _TAGS[partitions][crc16(room.encode()) % partitions]
    return f"{prefix}:{{{tag}}}:room:{room}"
