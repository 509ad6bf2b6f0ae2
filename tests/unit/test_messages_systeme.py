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


CAN_MEET = ["ENOENT", "ENOTDIR", "EISDIR", "EEXIST", "ENOTEMPTY", "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT",
            "EFBIG", "ENAMETOOLONG", "ELOOP", "EMLINK", "EXDEV", "EBUSY", "ETXTBSY", "EAGAIN", "EINTR", "EMFILE",
            "ENFILE", "ENOMEM", "EIO", "ENXIO", "ENODEV", "ENOLCK", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EINVAL",
            "EOVERFLOW", "EBADF", "ESPIPE", "EPIPE", "ESTALE", "ETIMEDOUT", "EHOSTDOWN", "EHOSTUNREACH", "ENETDOWN",
            "ENETUNREACH", "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ENOTCONN", "ECANCELED", "EDEADLK"]
"""Every error number a file operation on a local disk, a network share or a USB key can give."""


@pytest.mark.parametrize("name", CAN_MEET)
def test_every_error_the_app_can_meet_has_its_own_french_sentence(name):
    number = getattr(errno, name)
    message = os_reason(OSError(number, os.strerror(number)))
    assert "numéro" not in message and "code" not in message
    assert os.strerror(number) not in message


def test_any_other_error_number_is_still_a_french_sentence():
    message = os_reason(OSError(4242, "Weird error"))
    assert "Weird" not in message and message.startswith("le système a refusé")


@pytest.mark.parametrize("argv", [["reglages", "--conservation", "24"], ["rapport"], ["purger", "--oui"],
                                  ["fusionner"], ["verifier"], ["exporter", "module"]])
def test_a_name_too_long_for_the_disk_is_said_in_french_by_every_command(argv, capsys, tmp_path):
    from apprendre.cli.main import main

    folder = tmp_path / ("d" * 300)
    code = main(["--donnees", str(folder), "--cours", str(folder), *argv])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "le nom du fichier ou du dossier est trop long" in out + err
    assert "code 36" not in out + err and "File name too long" not in out + err
    assert list(tmp_path.iterdir()) == []
