"""The demo knowledge base: real questions of accountants using the demo products.

Each entry: (title, kind, product codes, tags, question, answer in Markdown).
Plain data, no Django import; learning/demo_kb.py loads it through the services.
"""

E, P, D, M = "cegid-expert", "module-paie", "data-ouverture", "m365"
FAQ, HOW, BUG, REL = "faq", "howto", "known_issue", "release_note"

ARTICLES = [
    (
        "Lettrer automatiquement les comptes clients",
        HOW,
        [E],
        "lettrage, 411, rapprochement",
        "Comment lettrer en une fois les factures et les règlements de mes clients ?",
        "1. Ouvrez **Comptabilité > Lettrage > Lettrage automatique**.\n"
        "2. Choisissez les comptes 411 (ou une fourchette) et la période.\n"
        "3. Cochez *Montant exact* puis *Référence de pièce* comme critères.\n"
        "4. Lancez la simulation, contrôlez les propositions, puis validez.\n\n"
        "Les écritures restantes se lettrent à la main depuis la consultation du compte.",
    ),
    (
        "Délettrer une écriture lettrée par erreur",
        HOW,
        [E],
        "lettrage, délettrage, 411, 401",
        "J'ai lettré deux écritures qui ne vont pas ensemble : comment annuler ?",
        "Depuis **Consultation de compte**, affichez les écritures lettrées, sélectionnez "
        "le code de lettrage concerné et choisissez **Délettrer**. Le délettrage est "
        "impossible sur une période clôturée : rouvrez-la d'abord si vos droits le permettent.",
    ),
    (
        "Lettrage partiel avec un écart de règlement",
        FAQ,
        [E],
        "lettrage, écart, escompte, 658, 758",
        "Le client a payé quelques centimes de moins : comment solder sa facture ?",
        "Utilisez le **lettrage avec écart** : au-delà du seuil paramétré (par défaut 1 €) "
        "l'écart est refusé. En dessous, l'écart est passé automatiquement en **658** "
        "(charge) ou **758** (produit) selon son sens. Réglez le seuil dans "
        "*Paramètres > Lettrage*.",
    ),
    (
        "Préparer la déclaration de TVA CA3 mensuelle",
        HOW,
        [E],
        "TVA, CA3, déclaration, 4455",
        "Comment produire ma déclaration de TVA CA3 chaque mois ?",
        "1. Vérifiez que toutes les écritures du mois sont saisies et validées.\n"
        "2. Ouvrez **Déclarations > TVA > CA3** et choisissez la période.\n"
        "3. Contrôlez le détail des lignes 08 à 29 (TVA collectée) et 19 à 22 (déductible).\n"
        "4. Générez l'écriture de liquidation vers le compte **44551** (TVA à décaisser) "
        "ou **44567** (crédit de TVA).\n"
        "5. Télédéclarez par EDI ou reportez les montants sur impots.gouv.fr.",
    ),
    (
        "TVA sur les encaissements pour les prestations de services",
        FAQ,
        [E],
        "TVA, encaissements, prestations, exigibilité",
        "Mes prestations sont soumises à la TVA sur les encaissements : comment la déclarer ?",
        "Paramétrez le code TVA *Encaissements* sur les comptes de produits concernés. "
        "La TVA est alors portée en **44574** (TVA collectée en attente) à la facture, "
        "puis basculée en **44571** au règlement lors du lettrage. La CA3 reprend "
        "uniquement la TVA des factures réglées sur la période.",
    ),
    (
        "Autoliquidation de la TVA sur achats intracommunautaires",
        FAQ,
        [E],
        "TVA, autoliquidation, intracommunautaire, DEB",
        "Comment enregistrer une facture d'un fournisseur d'un autre pays de l'Union ?",
        "Saisissez la facture hors taxes avec le code TVA **Acquisition intracommunautaire** : "
        "le logiciel génère la TVA due (4452) et la TVA déductible (44566) pour le même "
        "montant. Les deux apparaissent sur la CA3 (lignes 03 et 17 puis 20).",
    ),
    (
        "Régulariser un crédit de TVA",
        HOW,
        [E],
        "TVA, crédit, remboursement, 3519",
        "Ma CA3 fait apparaître un crédit : le reporter ou en demander le remboursement ?",
        "Le crédit est reporté par défaut sur la déclaration suivante (ligne 22). "
        "Pour un remboursement, déposez le formulaire **3519** avec la CA3 du mois ; "
        "le montant minimal est de 760 € (150 € en fin d'année).",
    ),
    (
        "Générer le fichier des écritures comptables (FEC)",
        HOW,
        [E],
        "FEC, contrôle fiscal, A47 A-1, export",
        "Comment produire le FEC demandé par l'administration fiscale ?",
        "Ouvrez **Outils > Export FEC**, choisissez l'exercice clos et le format *texte "
        "tabulé*. Le fichier est nommé `SIRENFECAAAAMMJJ.txt` (date de clôture). "
        "Lancez ensuite le **contrôle de conformité** intégré : il vérifie les 18 "
        "colonnes obligatoires et l'équilibre des écritures (article A47 A-1 du LPF).",
    ),
    (
        "Le FEC est refusé : écritures non équilibrées",
        BUG,
        [E],
        "FEC, équilibre, anomalie, contrôle",
        "Le testeur de la DGFiP signale des écritures déséquilibrées dans mon FEC.",
        "**Cause :** des écritures importées avec des arrondis à plus de deux décimales.\n\n"
        "**Contournement :** lancez **Outils > Contrôle des écritures > Équilibre par pièce**, "
        "corrigez les pièces listées, puis régénérez le FEC. Le correctif est prévu dans "
        "la version 2026.3.",
    ),
    (
        "Clôturer l'exercice comptable",
        HOW,
        [E],
        "clôture, exercice, à-nouveaux, bilan",
        "Quelles sont les étapes de la clôture annuelle ?",
        "1. Passez les écritures d'inventaire (amortissements, provisions, stocks, CCA/PCA).\n"
        "2. Éditez la balance et le grand livre définitifs.\n"
        "3. Lancez **Traitements > Clôture définitive** : les écritures sont verrouillées.\n"
        "4. Générez les **à-nouveaux** sur le nouvel exercice.\n"
        "5. Produisez le FEC de l'exercice clos.",
    ),
    (
        "Clôture mensuelle : verrouiller une période",
        HOW,
        [E],
        "clôture, période, verrouillage",
        "Comment empêcher toute saisie sur un mois déjà déclaré ?",
        "Dans **Traitements > Clôture périodique**, clôturez le mois : plus aucune "
        "écriture ne peut y être saisie ou modifiée. Une clôture périodique peut être "
        "annulée par un administrateur ; une clôture définitive ne le peut pas.",
    ),
    (
        "Générer les écritures d'à-nouveaux",
        FAQ,
        [E],
        "à-nouveaux, report, clôture, bilan",
        "Les soldes de bilan ne sont pas repris sur le nouvel exercice.",
        "Les à-nouveaux sont générés à la clôture définitive. Avant elle, lancez "
        "**Traitements > À-nouveaux provisoires** : ils seront remplacés automatiquement "
        "par les définitifs. Les comptes de gestion (classes 6 et 7) sont soldés sur le "
        "compte de résultat 120 ou 129.",
    ),
    (
        "Comptabiliser les charges constatées d'avance",
        HOW,
        [E],
        "CCA, 486, inventaire, régularisation",
        "Comment traiter une assurance payée pour douze mois à cheval sur deux exercices ?",
        "À la clôture, débitez **486 Charges constatées d'avance** et créditez le compte "
        "de charge pour la part du nouvel exercice. Cochez *Extourne automatique* : "
        "l'écriture inverse est passée au premier jour de l'exercice suivant.",
    ),
    (
        "Importer un relevé bancaire au format CFONB",
        HOW,
        [E],
        "import bancaire, CFONB, relevé, banque",
        "Comment importer les relevés de ma banque ?",
        "Téléchargez le relevé au format **CFONB 120** depuis votre banque en ligne, puis "
        "**Banque > Import de relevés**. Choisissez le journal de banque : les opérations "
        "déjà importées sont ignorées (contrôle sur la date, le montant et le libellé).",
    ),
    (
        "Import bancaire : « format de fichier non reconnu »",
        BUG,
        [E],
        "import bancaire, erreur, CFONB, OFX",
        "L'import de mon relevé échoue avec le message « format de fichier non reconnu ».",
        "Le fichier est souvent un **CFONB 240** ou un OFX renommé. Vérifiez que chaque "
        "ligne fait exactement 120 caractères. Si votre banque ne propose que l'OFX, "
        "choisissez le format *OFX* dans la liste avant l'import.",
    ),
    (
        "Rapprochement bancaire automatique",
        HOW,
        [E],
        "rapprochement bancaire, banque, 512",
        "Comment rapprocher les opérations du relevé et les écritures du journal de banque ?",
        "Dans **Banque > Rapprochement**, lancez le **rapprochement automatique** : les "
        "opérations de même montant et de date proche (± 5 jours) sont pointées. Traitez "
        "les restes à la main, puis éditez l'état de rapprochement à la date du relevé.",
    ),
    (
        "Créer des règles d'affectation pour les opérations bancaires",
        HOW,
        [E],
        "import bancaire, règles, affectation, automatisation",
        "Puis-je comptabiliser automatiquement les prélèvements récurrents ?",
        "Oui : **Banque > Règles d'affectation**. Une règle associe un libellé (par exemple "
        "*PRLV URSSAF*) à un compte et un code TVA. Les opérations importées qui la "
        "respectent sont comptabilisées sans saisie.",
    ),
    (
        "Saisir une facture fournisseur avec plusieurs taux de TVA",
        HOW,
        [E],
        "saisie, facture, TVA, fournisseur",
        "Ma facture fournisseur mélange TVA à 20 % et à 5,5 % : comment la saisir ?",
        "En saisie de pièce, ventilez le hors taxes sur autant de lignes que de taux, "
        "chacune avec son code TVA : le logiciel calcule les lignes de TVA déductible "
        "(44566) et le total TTC au crédit du compte 401.",
    ),
    (
        "Créer un compte auxiliaire client",
        HOW,
        [E],
        "compte auxiliaire, tiers, 411, plan comptable",
        "Comment ajouter un nouveau client dans le plan comptable ?",
        "Dans **Tiers > Clients > Nouveau**, saisissez le code (par exemple *CDURAND*), la "
        "raison sociale, le SIREN et le mode de règlement. Le compte est rattaché au "
        "collectif **411000**.",
    ),
    (
        "Modifier une écriture validée",
        FAQ,
        [E],
        "saisie, validation, contre-passation",
        "Je ne peux plus modifier une écriture : pourquoi ?",
        "Une écriture **validée** est définitive (principe d'intangibilité). Passez une "
        "**contre-passation** puis l'écriture correcte ; sur une période encore ouverte, "
        "une écriture *simulée* ou *brouillard* reste modifiable.",
    ),
    (
        "Éditer la balance âgée des clients",
        HOW,
        [E],
        "balance âgée, relance, 411, créances",
        "Comment suivre les créances clients par ancienneté ?",
        "**Éditions > Balance âgée** classe les échéances non lettrées par tranches "
        "(non échu, 0-30, 31-60, 61-90, plus de 90 jours). Exportez-la en Excel pour "
        "préparer les relances.",
    ),
    (
        "Relancer les clients en retard de paiement",
        HOW,
        [E],
        "relance, recouvrement, 411, courrier",
        "Comment envoyer des lettres de relance ?",
        "**Tiers > Relances** propose les échéances échues selon vos niveaux de relance "
        "(courtoise, ferme, mise en demeure). Les lettres partent par e-mail ou en PDF ; "
        "chaque envoi est noté sur le compte du client.",
    ),
    (
        "Calculer les amortissements des immobilisations",
        HOW,
        [E],
        "immobilisations, amortissement, dotation, 681",
        "Comment passer les dotations aux amortissements de l'exercice ?",
        "Dans **Immobilisations > Calcul des dotations**, choisissez la date de fin "
        "d'exercice : le plan de chaque bien (linéaire ou dégressif) est appliqué au "
        "prorata temporis. Générez l'écriture (681 / 28x) dans le journal d'OD.",
    ),
    (
        "Céder ou mettre au rebut une immobilisation",
        HOW,
        [E],
        "immobilisations, cession, sortie, 675",
        "Comment enregistrer la vente d'un véhicule de l'entreprise ?",
        "Ouvrez la fiche de l'immobilisation, choisissez **Sortie**, indiquez la date et "
        "le prix de cession. Le logiciel calcule la dotation complémentaire, la valeur "
        "nette comptable (675) et le produit de cession (775).",
    ),
    (
        "Préparer la liasse fiscale",
        HOW,
        [E],
        "liasse fiscale, 2050, EDI, IS",
        "Comment remplir la liasse fiscale à partir de la comptabilité ?",
        "Après la clôture, **Déclarations > Liasse fiscale** reprend la balance dans les "
        "tableaux 2050 à 2059 selon la table de correspondance. Complétez les "
        "retraitements extra-comptables, contrôlez, puis télétransmettez par EDI-TDFC.",
    ),
    (
        "Calculer l'acompte d'impôt sur les sociétés",
        FAQ,
        [E],
        "IS, acompte, 2571",
        "Comment sont calculés les acomptes d'IS ?",
        "Quatre acomptes (15 mars, 15 juin, 15 septembre, 15 décembre) de 8,33 % du "
        "bénéfice de référence chacun (taux réduit de 15 % compris). Le relevé **2571** "
        "est prérempli dans **Déclarations > IS**.",
    ),
    (
        "Saisir une note de frais",
        HOW,
        [E],
        "notes de frais, TVA, 625",
        "Comment comptabiliser la note de frais d'un salarié ?",
        "Saisissez une pièce dans le journal d'OD : chaque dépense au débit de son compte "
        "(6251 voyages, 6256 missions…) avec la TVA récupérable (les frais d'hébergement "
        "des salariés sont récupérables, pas ceux des dirigeants non salariés), et le "
        "total au crédit du compte **421** du salarié.",
    ),
    (
        "Créer un journal de saisie",
        HOW,
        [E],
        "journal, paramétrage, saisie",
        "Comment créer un journal pour une deuxième banque ?",
        "**Paramètres > Journaux > Nouveau** : code (BQ2), libellé, type *Banque* et "
        "compte de contrepartie (512200). Le journal apparaît aussitôt en saisie et dans "
        "l'import bancaire.",
    ),
    (
        "Exporter la balance vers Excel",
        HOW,
        [E],
        "balance, export, Excel",
        "Puis-je ouvrir la balance générale dans Excel ?",
        "Oui : éditez la balance puis **Exporter > Excel (.xlsx)**. Les montants restent "
        "numériques et les comptes gardent leurs zéros (colonne au format texte).",
    ),
    (
        "Paramétrer les droits d'un collaborateur en comptabilité",
        FAQ,
        [E],
        "droits, utilisateurs, sécurité",
        "Comment empêcher un collaborateur de valider des écritures ?",
        "Les droits fonctionnels se règlent par **groupe d'utilisateurs** dans "
        "*Administration > Groupes*. Retirez *Validation des écritures* du groupe. "
        "Les comptes du portail, eux, se gèrent dans « Utilisateurs » (art. 11).",
    ),
    (
        "Consulter les écritures d'un exercice clos",
        FAQ,
        [E],
        "exercice clos, consultation, archives",
        "Je ne vois plus les écritures de l'an dernier.",
        "Changez d'exercice dans la barre supérieure (**Exercice : 2025**). Les exercices "
        "clos restent consultables et éditables en lecture seule pendant toute la durée "
        "de conservation (dix ans).",
    ),
    (
        "Préparer la DSN mensuelle",
        HOW,
        [P],
        "DSN, paie, déclaration sociale",
        "Comment produire et déposer la DSN du mois ?",
        "1. Clôturez la paie du mois (tous les bulletins calculés).\n"
        "2. **Paie > DSN > Générer** : le contrôle DSN-Val est lancé.\n"
        "3. Corrigez les anomalies bloquantes listées.\n"
        "4. Déposez le fichier sur net-entreprises.fr avant le 5 ou le 15 du mois "
        "suivant selon l'effectif.",
    ),
    (
        "DSN rejetée : « rubrique S21.G00.40.009 absente »",
        BUG,
        [P],
        "DSN, rejet, contrat, anomalie",
        "Net-entreprises rejette ma DSN pour une rubrique de contrat manquante.",
        "La rubrique **S21.G00.40.009** est le numéro du contrat. Elle manque quand la "
        "fiche salarié n'a pas de contrat actif à la date de paie. Ouvrez la fiche, "
        "onglet *Contrats*, vérifiez la date de début, puis régénérez la DSN.",
    ),
    (
        "Clôturer le mois de paie",
        HOW,
        [P],
        "paie, clôture, bulletins",
        "Que fait la clôture de paie et quand la lancer ?",
        "La clôture fige les bulletins du mois, alimente les cumuls annuels et ouvre le "
        "mois suivant. Lancez-la après la DSN. Une clôture peut être annulée tant que le "
        "mois suivant n'a pas de bulletin calculé.",
    ),
    (
        "Calculer le prélèvement à la source",
        FAQ,
        [P],
        "PAS, prélèvement à la source, taux, CRM",
        "Où trouver le taux de prélèvement à la source de chaque salarié ?",
        "Les taux arrivent avec le **compte rendu métier (CRM)** de la DSN. Importez-le "
        "dans **Paie > DSN > Retours** : les taux sont mis à jour sur les fiches. Sans "
        "taux, le barème neutre s'applique.",
    ),
    (
        "Comptabiliser la paie",
        HOW,
        [P, E],
        "paie, écritures, 421, 431, OD",
        "Comment transférer les écritures de paie en comptabilité ?",
        "Après la clôture du mois, **Paie > Transfert comptable** génère une pièce dans "
        "le journal de paie : salaires bruts (641), charges (645), nets à payer (421), "
        "organismes sociaux (431, 437) et PAS (4421). Le transfert est idempotent : "
        "relancé, il remplace la pièce du mois.",
    ),
    (
        "Gérer un salarié en arrêt maladie",
        HOW,
        [P],
        "arrêt maladie, IJSS, subrogation",
        "Comment saisir un arrêt maladie avec maintien de salaire ?",
        "Saisissez l'absence (motif *Maladie*) dans le calendrier du salarié. Avec "
        "subrogation, déclarez les IJSS reçues en rubrique dédiée ; le signalement "
        "d'arrêt part dans la DSN événementielle sous cinq jours.",
    ),
    (
        "Calculer les congés payés",
        FAQ,
        [P],
        "congés payés, acquisition, dixième",
        "Comment le logiciel calcule-t-il l'indemnité de congés payés ?",
        "Il compare la règle du **maintien de salaire** et celle du **dixième** et retient "
        "la plus favorable au salarié. L'acquisition est de 2,5 jours ouvrables par mois, "
        "y compris pendant un arrêt maladie depuis la loi du 22 avril 2024.",
    ),
    (
        "Préparer un solde de tout compte",
        HOW,
        [P],
        "sortie, solde de tout compte, attestation",
        "Quelles étapes pour la sortie d'un salarié ?",
        "Saisissez la date et le motif de sortie, calculez le dernier bulletin (indemnités "
        "de congés, de préavis, de rupture), puis éditez le reçu pour solde de tout compte, "
        "le certificat de travail et l'attestation France Travail (transmise par la DSN).",
    ),
    (
        "Mettre à jour les taux de cotisations au 1er janvier",
        REL,
        [P],
        "cotisations, plafond, mise à jour, janvier",
        "Les nouveaux taux et le plafond de la sécurité sociale sont-ils intégrés ?",
        "Oui : la mise à jour de janvier intègre le **plafond mensuel de la sécurité "
        "sociale**, le SMIC et les taux légaux. Vérifiez vos taux conventionnels "
        "(prévoyance, mutuelle) qui restent à votre charge.",
    ),
    (
        "Éditer le livre de paie",
        HOW,
        [P],
        "livre de paie, édition, cumuls",
        "Comment obtenir le livre de paie de l'année ?",
        "**Paie > Éditions > Livre de paie** : choisissez la période et le regroupement "
        "(établissement, service). L'export Excel reprend une colonne par rubrique.",
    ),
    (
        "Activer le pack Data Ouverture",
        HOW,
        [D, E],
        "Data Ouverture, API, activation",
        "Comment mettre mes données comptables à disposition d'un autre logiciel ?",
        "Le pack **Data Ouverture** (art. 17 du livret) s'active sur tous les utilisateurs "
        "nommés de Cegid Expert. Une fois commandé, créez un jeton dans *Administration > "
        "Accès aux données* et transmettez-le à l'éditeur tiers.",
    ),
    (
        "Data Ouverture : quelles données sont exposées ?",
        FAQ,
        [D],
        "Data Ouverture, données, API, périmètre",
        "Quelles données un logiciel tiers peut-il lire avec Data Ouverture ?",
        "Le plan comptable, les écritures validées, les tiers, les échéances et les "
        "balances, en lecture seule. Les données de paie ne sont pas exposées.",
    ),
    (
        "Data Ouverture : erreur 429 « trop de requêtes »",
        BUG,
        [D],
        "Data Ouverture, API, 429, quota",
        "Le connecteur reçoit des erreurs 429.",
        "Le quota est de **600 requêtes par minute** et par jeton. Demandez à l'éditeur du "
        "connecteur de respecter l'en-tête `Retry-After` et de paginer par 500 lignes.",
    ),
    (
        "Activer une licence Microsoft 365 pour un utilisateur",
        HOW,
        [M],
        "Microsoft 365, licence, activation",
        "Comment attribuer une licence Microsoft 365 à un nouveau collaborateur ?",
        "Créez d'abord son compte sur le portail (Utilisateurs), puis attribuez-lui une "
        "licence dans **Microsoft 365 > Licences**. Le nombre de licences commandées doit "
        "couvrir les utilisateurs nommés (art. 16 du livret).",
    ),
    (
        "Outlook ne synchronise plus la boîte aux lettres",
        BUG,
        [M],
        "Outlook, synchronisation, Microsoft 365",
        "Mes e-mails n'arrivent plus dans Outlook alors qu'ils sont visibles sur le web.",
        "Fermez Outlook, puis **Panneau de configuration > Courrier > Profils** : créez un "
        "nouveau profil. Si le problème persiste, vérifiez l'espace disponible de la boîte "
        "(50 Go) dans Outlook sur le web.",
    ),
    (
        "Partager un classeur Excel avec un collègue",
        HOW,
        [M],
        "Excel, OneDrive, partage, coédition",
        "Comment travailler à plusieurs sur le même fichier Excel ?",
        "Enregistrez le classeur dans OneDrive ou SharePoint, puis **Partager** et saisissez "
        "l'adresse du collègue. La coédition fonctionne dans Excel pour le web et dans "
        "Excel récent ; évitez les anciens formats .xls.",
    ),
    (
        "Se connecter au portail avec la double authentification",
        FAQ,
        [],
        "connexion, double authentification, TOTP",
        "Comment activer la double authentification sur mon compte ?",
        "Dans **Mon compte > Double authentification**, scannez le QR code avec une "
        "application d'authentification (par exemple FreeOTP ou Microsoft Authenticator), "
        "saisissez le code affiché, puis conservez vos codes de secours.",
    ),
    (
        "Réinitialiser son mot de passe",
        FAQ,
        [],
        "mot de passe, connexion, oubli",
        "J'ai oublié mon mot de passe.",
        "Sur la page de connexion, choisissez **Mot de passe oublié** : un lien valable "
        "une heure vous est envoyé. Si votre compte est désactivé, adressez-vous à "
        "l'administrateur de votre organisation.",
    ),
    (
        "Déposer une demande au support efficacement",
        FAQ,
        [],
        "support, demande, capture d'écran",
        "Que faut-il indiquer pour que ma demande soit traitée vite ?",
        "Décrivez le **contexte** (écran, dossier, depuis quand), copiez le **message "
        "d'erreur exact** et l'**enchaînement des menus**, et joignez des captures d'écran "
        "(art. 12.2 du livret). La prise en charge intervient sous 8 heures ouvrées en "
        "formule Open, 4 en Private.",
    ),
    (
        "Demander la restauration d'un environnement",
        FAQ,
        [],
        "restauration, sauvegarde, service client",
        "J'ai supprimé des données par erreur : pouvez-vous restaurer la veille ?",
        "Oui, depuis la dernière sauvegarde quotidienne : déposez une demande au **service "
        "client**, catégorie *Restauration* (art. 9 du livret). Les saisies faites depuis "
        "la sauvegarde seront perdues.",
    ),
    (
        "Horaires de maintenance du service",
        FAQ,
        [],
        "maintenance, disponibilité, horaires",
        "Quand le service peut-il être interrompu pour maintenance ?",
        "Les maintenances planifiées ont lieu la nuit (0 h – 7 h), le dimanche et les jours "
        "fériés, annoncées au moins 48 heures à l'avance sur la page **Météo** (art. 5).",
    ),
    (
        "Version 2026.2 : nouveautés en comptabilité",
        REL,
        [E],
        "version, nouveautés, 2026.2",
        "Qu'apporte la version 2026.2 ?",
        "- Lettrage automatique sur la référence de pièce et le montant.\n"
        "- Import bancaire : règles d'affectation avec TVA.\n"
        "- FEC : contrôle de conformité intégré avant export.\n"
        "- Balance âgée exportable en Excel.",
    ),
    (
        "Version 2026.3 : nouveautés en paie",
        REL,
        [P],
        "version, nouveautés, 2026.3, DSN",
        "Qu'apporte la version 2026.3 du module Paie ?",
        "- DSN : contrôle DSN-Val intégré et liste des anomalies cliquable.\n"
        "- Congés payés acquis pendant les arrêts maladie (loi du 22 avril 2024).\n"
        "- Transfert comptable relançable sans doublon.",
    ),
    (
        "Facture électronique : se préparer à la réforme",
        FAQ,
        [E],
        "facture électronique, PDP, réforme, 2026",
        "Que change la facturation électronique obligatoire ?",
        "Toutes les entreprises doivent pouvoir **recevoir** des factures électroniques à "
        "partir du 1er septembre 2026 ; l'obligation d'**émettre** suit selon la taille. "
        "Choisissez une plateforme agréée (PDP) et vérifiez les SIREN de vos tiers.",
    ),
    (
        "Saisir une écriture en devise",
        HOW,
        [E],
        "devise, change, écart de conversion, 476",
        "Comment comptabiliser une facture en dollars ?",
        "Saisissez la pièce en devise : le cours du jour est proposé. À la clôture, "
        "**Traitements > Écarts de conversion** réévalue les dettes et créances en devise "
        "(476/477) et provisionne la perte latente.",
    ),
    (
        "Ventiler en analytique",
        HOW,
        [E],
        "analytique, sections, ventilation",
        "Comment suivre les charges par chantier ?",
        "Créez un **axe analytique** *Chantiers* et ses sections, puis associez une "
        "ventilation par défaut aux comptes de classe 6 et 7. En saisie, la ventilation "
        "se modifie ligne à ligne.",
    ),
    (
        "Utiliser les abonnements de saisie",
        HOW,
        [E],
        "abonnement, saisie récurrente, loyer",
        "Comment ne plus saisir chaque mois le loyer ?",
        "**Saisie > Abonnements** : créez un modèle de pièce (loyer, crédit-bail) avec sa "
        "périodicité. Chaque mois, **Générer les abonnements** passe les écritures dues.",
    ),
    (
        "Contrôler les comptes d'attente avant la clôture",
        FAQ,
        [E],
        "compte d'attente, 471, clôture, révision",
        "Le compte 471 n'est pas soldé : est-ce bloquant ?",
        "La clôture n'est pas bloquée, mais un compte d'attente non soldé fausse le bilan "
        "et sera relevé par le commissaire aux comptes. Éditez le détail du 471 et "
        "reclassez chaque écriture avant la clôture.",
    ),
    (
        "Procédure interne : purge d'un dossier de démonstration",
        HOW,
        [E],
        "interne, purge, démonstration",
        "Comment remettre à zéro un dossier de démonstration client ?",
        "Réservé au support : sauvegarder le dossier, puis lancer la purge depuis la "
        "console d'administration. Ne jamais purger un dossier de production.",
    ),
]

#: Titles of the demo's internal articles (agents only) and drafts.
INTERNAL = {"Procédure interne : purge d'un dossier de démonstration"}
DRAFTS = [
    (
        "Import bancaire : doublons après changement de banque",
        BUG,
        [E],
        "import bancaire, doublons",
        "Des opérations apparaissent deux fois après un changement de banque.",
        "À rédiger : vérifier la clé de dédoublonnage (date, montant, libellé) et le "
        "nouveau format du libellé.",
    ),
    (
        "TVA sur marge des biens d'occasion",
        FAQ,
        [E],
        "TVA, marge, occasion",
        "Comment déclarer la TVA sur la marge ?",
        "À rédiger avec l'équipe fiscale.",
    ),
]

#: Searches without a result in the demo: the articles to write next.
MISSES = [
    "crédit-bail retraitement",
    "taxe sur les véhicules de société",
    "intéressement salariés",
    "CFE acompte",
    "prime de partage de la valeur",
]
