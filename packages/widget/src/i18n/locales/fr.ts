import type { FormStrings } from '../form-strings.js';

/** French: its own chunk, loaded only by pages whose form speaks French. */
const strings: FormStrings = {
  legend: 'Vos consentements',
  loading: 'Chargement du formulaire …',
  loadFailed: 'Le formulaire n’a pas pu être chargé.',
  retry: 'Réessayer',
  unavailable: 'Ce formulaire n’est pas disponible ici.',
  details: 'Détails : quelles données, pourquoi, combien de temps, qui, retrait',
  whatLabel: 'Quelles données',
  whyLabel: 'Pourquoi',
  howLongLabel: 'Combien de temps',
  whoLabel: 'Qui',
  withdrawLabel: 'Retrait',
  controller: 'Responsable du traitement',
  privacyPolicy: 'Politique de confidentialité',
  manage: 'Gérer vos consentements',
  email: 'Adresse e-mail',
  emailHint: 'Nous vous enverrons un lien de confirmation.',
  phone: 'Numéro de mobile',
  phoneHint: 'Uniquement pour les choix par SMS ou téléphone que vous avez cochés.',
  country: 'Indicatif du pays',
  invalidPhone: 'Veuillez saisir un numéro de mobile valide.',
  resend: 'Renvoyer',
  resendIn: (seconds) => `Renvoyer (dans ${seconds} s)`,
  submit: 'Accepter et envoyer le lien de confirmation',
  submitting: 'Envoi en cours …',
  pendingTitle: 'Veuillez consulter votre boîte de réception',
  pendingBody: (email) =>
    `Si ${email} peut recevoir nos e-mails, une confirmation est en route. Votre consentement ne prend effet qu’une fois que vous avez cliqué sur le lien qu’il contient.`,
  changeAddress: 'Mauvaise adresse ? La modifier',
  noPurpose: 'Veuillez cocher au moins un choix.',
  invalidEmail: 'Veuillez saisir une adresse e-mail valide.',
  submitFailed: 'Cela n’a pas fonctionné. Vos saisies sont toujours là ; veuillez réessayer.',
  outdated: 'Les textes ont changé entre-temps. Veuillez recharger la page.',
  rateLimited: 'Trop de tentatives. Veuillez patienter un moment, puis réessayer.',
  network: 'Pas de connexion. Vos saisies sont toujours là ; veuillez réessayer.',
};

export default strings;
