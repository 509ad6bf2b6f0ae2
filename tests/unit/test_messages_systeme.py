"""The system's English error texts never reach a user: every OSError is told in French."""

from __future__ import annotations

import errno
import os

import pytest

from apprendre.base.french import os_reason
from apprendre.storage.errors import disk_error


@pytest.mark.parametrize("number", [errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EACCES,
                                    errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EIO, errno.EBUSY])
def test_os_errors_are_told_in_french(number):
    error = OSError(number, os.strerror(number))
    for message in (os_reason(error), str(disk_error(error))):
        assert os.strerror(number) not in message
        assert message.strip()
