"""What the channel layer holds in Redis, for tests and benchmarks."""


async def group_members_in_redis(layer, group: str) -> int:
    """How many sockets channels-redis still counts as members of ``group``
    (its sorted set of member channels). Zero after everyone has left means
    no stale members."""
    async with layer.connection(layer.consistent_hash(group)) as connection:
        return await connection.zcard(layer._group_key(group))
