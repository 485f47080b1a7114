from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.core import backups


class Command(BaseCommand):
    help = (
        "Sauvegarde la base et les fichiers dans BACKUP_DIR (un point de restauration daté), "
        "puis supprime les points dont l'art. 9 n'a plus besoin (J-1 … J-7, M-1, M-2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backup-dir", type=Path, help="Dossier des sauvegardes.")

    def handle(self, *args, backup_dir=None, **options):
        try:
            point, deleted = backups.run_daily_backup(root=backup_dir)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backups.read_manifest(point.path)
        database, media = manifest["database"], manifest["media"]
        self.stdout.write(f"Point de restauration : {point.path}")
        self.stdout.write(
            f"  base {database['engine']} : {len(database['tables'])} tables, "
            f"{sum(database['tables'].values())} lignes, {database['size']} octets"
        )
        self.stdout.write(f"  fichiers : {len(media['files'])}, {media['total_size']} octets")
        for name in media["missing"]:
            self.stderr.write(f"  fichier référencé mais absent du stockage : {name}")
        self.stdout.write(f"  supprimés (art. 9) : {', '.join(deleted) or 'aucun'}")
