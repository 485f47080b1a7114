from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.core import backups


class Command(BaseCommand):
    help = (
        "Restaure un point de restauration dans la base et le stockage configurés, qui "
        "doivent être vides (refus sinon), puis vérifie lignes et sommes de contrôle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "point", help="Nom du dossier, chemin, « latest » ou code J-1 … J-7, M-1, M-2."
        )
        parser.add_argument("--backup-dir", type=Path, help="Dossier des sauvegardes.")

    def handle(self, *args, point, backup_dir=None, **options):
        try:
            chosen = backups.find_point(point, root=backup_dir)
            self.stdout.write(f"Restauration de {chosen.path} …")
            report = backups.restore(point=chosen)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for table, rows in sorted(report.tables.items()):
            self.stdout.write(f"  {table} : {rows}")
        self.stdout.write(
            f"{len(report.tables)} tables, {sum(report.tables.values())} lignes ; "
            f"{report.files} fichiers ({report.media_bytes} octets)."
        )
        if report.mismatches:
            for line in report.mismatches:
                self.stderr.write(f"  écart : {line}")
            raise CommandError("Restauration incomplète : voir les écarts ci-dessus.")
        self.stdout.write(
            "Restauration vérifiée (lignes et sommes de contrôle identiques). Lancez ensuite "
            "« manage.py migrate » si le code est plus récent que la sauvegarde."
        )
