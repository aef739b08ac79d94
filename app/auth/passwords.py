"""argon2id password hashing. The cost can be lowered for the test suite only."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.errors import ValidationError

PASSWORD_MIN_CHARS = 6
PASSWORD_MAX_CHARS = 128

_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)


def use_test_cost() -> None:
    """Cheaper argon2id parameters so a test suite creating hundreds of users stays fast."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def check_policy(password: str) -> None:
    if len(password) < PASSWORD_MIN_CHARS:
        raise ValidationError(f"password: at least {PASSWORD_MIN_CHARS} characters")
    if len(password) > PASSWORD_MAX_CHARS:
        raise ValidationError(f"password: at most {PASSWORD_MAX_CHARS} characters")
    if password.strip() != password:
        raise ValidationError("password: must not start or end with a space")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
