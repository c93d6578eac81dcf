;;; test.el --- the eglot setup of docs/editors.md against evn lsp, headless  -*- lexical-binding: t -*-

;; Run by run.sh: EVN_SETUP is the documented setup, EVN_REVIEW the file to open.

(require 'package)
;; Debian's elpa-eglot (Emacs 28), which -Q leaves out of the package directories.
(when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
  (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'flymake)

(defvar evn-test-failed 0)
(defvar evn-test-passed 0)

(defun evn-test-check (what ok &optional detail)
  (if ok
      (progn (setq evn-test-passed (1+ evn-test-passed))
             (message "ok: %s" what))
    (setq evn-test-failed (1+ evn-test-failed))
    (message "FAILED: %s %s" what (or detail ""))))

(defun evn-test-wait (predicate seconds)
  "Wait until PREDICATE holds, at most SECONDS; its last value."
  (let ((deadline (+ (float-time) seconds)) (value nil))
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    value))

(load (getenv "EVN_SETUP") nil t)
(find-file (getenv "EVN_REVIEW"))
(evn-test-check "the file opens in evn-mode" (eq major-mode 'evn-mode) major-mode)
;; eglot-ensure connects after the next command: run the hook as a command would.
(run-hooks 'post-command-hook)
(evn-test-check "eglot connects"
                (evn-test-wait (lambda () (eglot-current-server)) 30))
(flymake-start)
(defun evn-test-diagnostics ()
  (flymake-start)
  (flymake-diagnostics))
(let* ((found (evn-test-wait
               (lambda ()
                 (let ((all (evn-test-diagnostics)))
                   (and (cl-some (lambda (d) (string-match-p "contradict" (flymake-diagnostic-text d))) all)
                        all)))
               30))
       (line-of (lambda (d) (line-number-at-pos (flymake-diagnostic-beg d))))
       (contradiction (cl-find-if (lambda (d) (string-match-p "contradict" (flymake-diagnostic-text d))) found))
       (unknown (cl-find-if (lambda (d) (string-match-p "BCRP" (flymake-diagnostic-text d))) found)))
  (dolist (d found)
    (message "  line %d %s: %s" (funcall line-of d) (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
  (evn-test-check "a contradiction is reported on line 4"
                  (and contradiction (= (funcall line-of contradiction) 4)))
  (evn-test-check "the setup's rules apply: the contradiction is an error"
                  (and contradiction (eq (flymake-diagnostic-type contradiction) 'eglot-error))
                  (and contradiction (flymake-diagnostic-type contradiction)))
  (evn-test-check "the unknown target says: did you mean BCRP"
                  (and unknown (= (funcall line-of unknown) 5))))
(goto-char (point-min))
(forward-line 2)
(let* ((server (eglot-current-server))
       (hover (and server
                   (jsonrpc-request server :textDocument/hover
                                    (eglot--TextDocumentPositionParams)))))
  (evn-test-check "hover on X-NP answers"
                  (and hover (string-match-p "X-NP" (format "%S" hover)))
                  hover))
(message "emacs: %d passed, %d failed" evn-test-passed evn-test-failed)
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs (if (zerop evn-test-failed) 0 1))
