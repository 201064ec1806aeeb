"""Password hashing (Argon2id, off the event loop) and the password policy (NIST SP 800-63B)."""

import asyncio
import gzip
import itertools
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from olympus.auth.errors import WeakPassword

MIN_LENGTH = 12
MAX_LENGTH = 128


class PasswordHashing:
    """Argon2id with fixed parameters, run in a thread pool sized to the cores so hashing
    never blocks the event loop (the Argon2 C code releases the GIL)."""

    def __init__(
        self, *, memory_kib: int, time_cost: int, parallelism: int, workers: int = 0
    ) -> None:
        self.hasher = PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._pool = ThreadPoolExecutor(
            max_workers=workers or len(os.sched_getaffinity(0)) or 1, thread_name_prefix="argon2"
        )
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._verify_sync, password_hash, password)

    def _verify_sync(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    async def verify_dummy(self, password: str) -> None:
        """Spend the time of one verification for an account that does not exist, so an
        unknown email answers as slowly as a wrong password."""
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash("olympus-dummy-password-for-timing")
        await self.verify(self._dummy_hash, password)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    data = resources.files("olympus.auth").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


_TRAILING = re.compile(r"[\d\W_]+$")


def _is_sequence_or_repeat(password: str) -> bool:
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    return steps <= {1} or steps <= {-1}


def check_password_policy(password: str, *, email: str = "", context: tuple[str, ...] = ()) -> None:
    """Raise `WeakPassword` with the reason when the password must not be used."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"The password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"The password must have at most {MAX_LENGTH} characters")
    lowered = password.lower()
    if email:
        address = email.strip().lower()
        local = address.split("@", 1)[0]
        if lowered == address or (len(local) >= 4 and local in lowered):
            raise WeakPassword("The password must not contain the email address")
    for word in context:
        if len(word) >= 4 and word.lower() in lowered:
            raise WeakPassword("The password must not contain the name of the service or tenant")
    base = _TRAILING.sub("", lowered)
    common = common_passwords()
    if lowered in common or (len(base) >= 6 and base in common):
        raise WeakPassword("This password is too common; choose another")
    if _is_sequence_or_repeat(password):
        raise WeakPassword("The password must not be a repetition or a sequence of characters")
